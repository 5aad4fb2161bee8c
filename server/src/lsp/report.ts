// The custom `mle/report` request: a fit as a standalone HTML report, by the same renderer as `mle fit --html`.

import { dirname, resolve } from 'node:path';
import { RequestType } from 'vscode-languageserver/node';
import { htmlReport } from '../cli/html-report.ts';
import { ReportRequest, type ReportRequestParams, type ReportResponse } from '../protocol.ts';
import { guard, type Services } from './request.ts';

export const ReportRequestType = new RequestType<ReportRequestParams, ReportResponse, void>(ReportRequest);

/** dist/ holds the bundled webview beside the bundled server (from source, ../../dist relative to main.ts). */
const distDir = (): string =>
  typeof __dirname === 'string' ? __dirname : resolve(dirname(process.argv[1] ?? '.'), '../../dist');

export function reportHandler(svc: Services) {
  return (params: ReportRequestParams): ReportResponse =>
    guard(
      svc,
      'report',
      () => ({ html: params?.result ? (htmlReport(params.result, distDir()) ?? null) : null }),
      () => ({ html: null }),
    );
}
