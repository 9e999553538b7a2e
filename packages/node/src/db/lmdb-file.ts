/**
 * A sanity check of an LMDB data file before it is opened. LMDB maps the file into memory and
 * trusts its meta pages: a damaged header or a truncated file crashes the process (SIGSEGV,
 * SIGBUS) inside the native open, where no error can be caught. Reading the two meta pages
 * first turns that into an error naming the problem.
 *
 * Layout (liblmdb as lmdb-js builds it, 64-bit): each meta page starts with a 24-byte page
 * header (flags at byte 18), then MDB_meta: magic, version, address, map size, the free and
 * main databases (the free one's first field is the page size), the last used page, the txn id.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

const MDB_MAGIC = 0xbeefc0de;
const MDB_DATA_VERSION = 2;
const P_META = 0x08;
const FLAGS_AT = 18;
const MAGIC_AT = 24;
const VERSION_AT = 28;
const PAGE_SIZE_AT = 48;
const LAST_PAGE_AT = 144;
const META_BYTES = 160;

/**
 * Why the file at `path` cannot be a healthy LMDB environment, or undefined when its header
 * looks sound (or it does not exist yet, or is empty: LMDB then creates it).
 */
export function lmdbFileProblem(path: string): string | undefined {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return undefined;
  }
  if (size === 0) return undefined;
  const fd = openSync(path, 'r');
  try {
    const read = (offset: number): Buffer | undefined => {
      const buffer = Buffer.alloc(META_BYTES);
      return readSync(fd, buffer, 0, META_BYTES, offset) === META_BYTES ? buffer : undefined;
    };
    const first = read(0);
    if (first === undefined) return `it is truncated (${size} bytes)`;
    const pageSize = first.readUInt32LE(PAGE_SIZE_AT);
    const metaProblem = (page: Buffer | undefined, n: number): string | undefined => {
      if (page === undefined) return `meta page ${n} is missing: the file is truncated (${size} bytes)`;
      if ((page.readUInt16LE(FLAGS_AT) & P_META) === 0 || page.readUInt32LE(MAGIC_AT) !== MDB_MAGIC)
        return `meta page ${n} is damaged (no LMDB magic): it is not an intact LMDB file`;
      if ((page.readUInt32LE(VERSION_AT) & 0xffff) !== MDB_DATA_VERSION)
        return `meta page ${n} has LMDB data version ${page.readUInt32LE(VERSION_AT) & 0xffff}, expected ${MDB_DATA_VERSION}`;
      return undefined;
    };
    const firstProblem = metaProblem(first, 0);
    if (firstProblem !== undefined) return firstProblem;
    if (pageSize < 512 || pageSize > 65_536 || (pageSize & (pageSize - 1)) !== 0)
      return `meta page 0 gives an impossible page size (${pageSize})`;
    const second = read(pageSize);
    const secondProblem = metaProblem(second, 1);
    if (secondProblem !== undefined || second === undefined) return secondProblem;
    // Pages up to the last used one must exist, or reading them faults.
    const lastPage = Math.max(
      Number(first.readBigUInt64LE(LAST_PAGE_AT)),
      Number(second.readBigUInt64LE(LAST_PAGE_AT)),
    );
    if ((lastPage + 1) * pageSize > size)
      return `it is truncated: ${size} bytes, but its pages run to ${(lastPage + 1) * pageSize}`;
    return undefined;
  } finally {
    closeSync(fd);
  }
}
