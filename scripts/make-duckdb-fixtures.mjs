// Writes the Parquet and DuckDB files of the DuckDB data tests and the Parquet example from the committed CSVs, with
// DuckDB itself: `node scripts/make-duckdb-fixtures.mjs` (rerun after changing a CSV; the outputs are committed).

import { rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const out = 'test/fixtures/duckdb';
const db = `${out}/examples.duckdb`;
rmSync(db, { force: true });
rmSync(`${db}.wal`, { force: true });

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run(`ATTACH '${db}' AS ex (BLOCK_SIZE 16384)`);

// infert with two columns no model uses: `bad` mixes numbers and text, `blob` is binary; a reader that read them
// would report them or fail, so the tests can see that only the used columns are read.
await con.run(`CREATE TABLE ex.infert AS
  SELECT *, CASE WHEN age % 5 = 0 THEN 'oops' ELSE CAST(age AS VARCHAR) END AS bad, '\\xAA\\xBB'::BLOB AS blob
  FROM read_csv('examples/infert.csv', header = true)`);
// Text columns `wool` and `tension` (factors), and an ENUM copy of `tension`.
await con.run(`CREATE TABLE ex.warpbreaks AS
  SELECT *, CAST(tension AS ENUM ('L', 'M', 'H')) AS tension_enum FROM read_csv('examples/warpbreaks.csv', header = true)`);
// A view: never read (it is a stored query, which could read files other than the linked one).
await con.run(`CREATE VIEW ex.infert_view AS SELECT * FROM ex.infert`);

await con.run(`COPY ex.infert TO '${out}/infert.parquet' (FORMAT parquet)`);
await con.run(`COPY ex.warpbreaks TO '${out}/warpbreaks.parquet' (FORMAT parquet)`);
await con.run(
  `COPY (SELECT * FROM read_csv('examples/infert.csv', header = true)) TO 'examples/infert.parquet' (FORMAT parquet)`,
);
await con.run('DETACH ex');
con.closeSync();
instance.closeSync();
console.log(`wrote ${out}/infert.parquet, ${out}/warpbreaks.parquet, ${db}, examples/infert.parquet`);
