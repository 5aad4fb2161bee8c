// The custom `mle/dataRows` request (MLE: Open Data): a window of the model's data rows, from the data worker's table.

import { RequestType, ResponseError } from 'vscode-languageserver/node';
import {
  DATA_ROWS_MAX,
  DATA_ROWS_REFUSED_CODE,
  DataRowsRequest,
  type DataRowsParams,
  type DataRowsResponse,
} from '../protocol.ts';
import { guard, type Services } from './request.ts';
import { modelDocument } from './model-document.ts';

export const DataRowsRequestType = new RequestType<DataRowsParams, DataRowsResponse, void>(DataRowsRequest);

const refuse = (message: string): ResponseError<void> => new ResponseError(DATA_ROWS_REFUSED_CODE, message);

/**
 * The handler: the open document's text (else the model on disk) says which file and which used columns; a file the
 * access rules refuse, or that cannot be read, answers with an error, never with rows.
 */
export function dataRowsHandler(svc: Services) {
  return (params: DataRowsParams): Promise<DataRowsResponse> =>
    guard(
      svc,
      'dataRows',
      async () => {
        const model = modelDocument(svc, params.uri);
        if (!model) throw refuse(`The document ${params.uri} is not open in the language server.`);
        const { doc, open } = model;
        const count = Math.min(DATA_ROWS_MAX, Math.max(0, Math.floor(Number(params.count)) || 0));
        const start = Math.max(0, Math.floor(Number(params.start)) || 0);
        try {
          const r = await svc.analyses.dataRows(doc, start, count);
          if (typeof r === 'string') throw refuse(`No data to show: ${r}.`);
          return r;
        } finally {
          // An unopened model must not stay in the cache: no close notification would ever remove it.
          if (!open) svc.analyses.drop(params.uri);
        }
      },
      (message) => Promise.reject(refuse(`The data could not be shown: ${message}`)),
    );
}
