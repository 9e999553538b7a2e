/** Conversions between tuple rows and the compact U16Matrix. */
import type { U16Matrix, U16Row, U16Rows } from './types.js';

export function isU16Matrix(rows: U16Rows): rows is U16Matrix {
  return !Array.isArray(rows);
}

export function rowCount(rows: U16Rows): number {
  return isU16Matrix(rows) ? rows.start.length - 1 : rows.length;
}

export function toU16Matrix(rows: U16Rows): U16Matrix {
  if (isU16Matrix(rows)) return rows;
  let total = 0;
  for (const row of rows) total += row.length;
  const start = new Uint32Array(rows.length + 1);
  const uids = new Uint16Array(total);
  const values = new Uint16Array(total);
  let k = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as U16Row;
    for (let e = 0; e < row.length; e++) {
      const entry = row[e] as readonly [number, number];
      uids[k] = entry[0];
      values[k] = entry[1];
      k += 1;
    }
    start[i + 1] = k;
  }
  return { start, uids, values };
}

export function matrixRow(matrix: U16Matrix, i: number): [number, number][] {
  const row: [number, number][] = [];
  for (let k = matrix.start[i] as number, end = matrix.start[i + 1] as number; k < end; k++) {
    row.push([matrix.uids[k] as number, matrix.values[k] as number]);
  }
  return row;
}

export function toU16Rows(rows: U16Rows): [number, number][][] {
  if (!isU16Matrix(rows)) return rows.map((row) => row.map(([j, v]) => [j, v] as [number, number]));
  return Array.from({ length: rows.start.length - 1 }, (_, i) => matrixRow(rows, i));
}
