// Just enough of the ZIP format to vet a .docx before mammoth unpacks it: list the central
// directory (ZIP64 included), refuse archives whose entries would inflate to something huge, and
// check that the declared sizes are honest, since the unzipper trusts them only after inflating.

import { inflateRawSync } from "node:zlib";
import { AppError } from "../../errors.ts";

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipBudget {
  /** Largest uncompressed size of a single entry. */
  maxEntryBytes: number;
  /** Largest uncompressed size of all entries together. */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio, checked for entries above `ratioFloorBytes`. */
  maxRatio: number;
  /** Small entries may compress extremely well (a blank styles part) without being a threat. */
  ratioFloorBytes: number;
}

/** A structural problem, worded for the person who uploaded the file (AppError "parse.zip"). */
export function zipProblem(message: string): AppError<"parse.zip"> {
  return new AppError("parse.zip", { message });
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const MAX_COMMENT = 0xffff;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  let count = view.getUint16(eocd + 10, true);
  let dirSize = view.getUint32(eocd + 12, true);
  let dirOffset = view.getUint32(eocd + 16, true);

  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR_SIGNATURE) {
      throw zipProblem("the ZIP directory is damaged");
    }
    const zip64 = readSize(view, locator + 8);
    if (zip64 + 56 > view.byteLength || view.getUint32(zip64, true) !== ZIP64_EOCD_SIGNATURE) {
      throw zipProblem("the ZIP directory is damaged");
    }
    count = readSize(view, zip64 + 32);
    dirSize = readSize(view, zip64 + 40);
    dirOffset = readSize(view, zip64 + 48);
  }
  if (dirOffset + dirSize > view.byteLength) throw zipProblem("the ZIP directory is damaged");

  const entries: ZipEntry[] = [];
  let at = dirOffset;
  const decoder = new TextDecoder("utf-8");
  for (let i = 0; i < count; i++) {
    if (at + 46 > view.byteLength || view.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      throw zipProblem("the ZIP directory is damaged");
    }
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > view.byteLength) throw zipProblem("the ZIP directory is damaged");
    const entry: ZipEntry = {
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    };
    applyZip64Extra(view, entry, at + 46 + nameLength, extraLength);
    entries.push(entry);
    at = next;
  }
  return entries;
}

/** Throws a zipProblem when the declared sizes would make unpacking dangerous. */
export function checkZipBudget(entries: readonly ZipEntry[], budget: ZipBudget): void {
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    if (entry.uncompressedSize > budget.maxEntryBytes) {
      throw zipProblem(
        `"${entry.name}" would unpack to ${formatMegabytes(entry.uncompressedSize)}, the limit is ${formatMegabytes(budget.maxEntryBytes)} (possible zip bomb)`,
      );
    }
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > budget.ratioFloorBytes && ratio > budget.maxRatio) {
      throw zipProblem(
        `"${entry.name}" is compressed ${Math.round(ratio)} to 1, more than ${budget.maxRatio} to 1 (possible zip bomb)`,
      );
    }
  }
  if (total > budget.maxTotalBytes) {
    throw zipProblem(
      `the archive would unpack to ${formatMegabytes(total)}, the limit is ${formatMegabytes(budget.maxTotalBytes)} (possible zip bomb)`,
    );
  }
}

/**
 * Inflates one entry with the output capped at its declared size, so a directory that lies about
 * sizes is caught here, with bounded memory, instead of inside the unzipper.
 */
export function verifyEntrySize(bytes: Uint8Array, entry: ZipEntry): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > view.byteLength || view.getUint32(at, true) !== LOCAL_SIGNATURE) {
    throw zipProblem(`the ZIP entry "${entry.name}" is damaged`);
  }
  if (entry.flags & 0x1) throw zipProblem("the document is password-protected");
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > view.byteLength) throw zipProblem(`the ZIP entry "${entry.name}" is damaged`);
  const data = bytes.subarray(start, end);

  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) {
      throw zipProblem(`the ZIP entry "${entry.name}" declares a wrong size`);
    }
    return;
  }
  if (entry.method !== 8) throw zipProblem(`the ZIP entry "${entry.name}" uses an unsupported compression method`);
  let inflated: Buffer;
  try {
    // One byte of headroom: an entry that fills it is larger than it says.
    inflated = inflateRawSync(data, { maxOutputLength: entry.uncompressedSize + 1 });
  } catch (error) {
    const tooBig = error instanceof RangeError || (error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE";
    throw zipProblem(
      tooBig
        ? `the ZIP entry "${entry.name}" unpacks to more than it declares (possible zip bomb)`
        : `the ZIP entry "${entry.name}" is damaged`,
    );
  }
  if (inflated.length !== entry.uncompressedSize) {
    throw zipProblem(`the ZIP entry "${entry.name}" declares a wrong size`);
  }
}

export function formatMegabytes(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
}

function findEndOfCentralDirectory(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - 22 - MAX_COMMENT);
  for (let at = view.byteLength - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE) return at;
  }
  throw zipProblem("the ZIP directory is missing (the file is truncated or not a ZIP archive)");
}

function readSize(view: DataView, at: number): number {
  if (at + 8 > view.byteLength) throw zipProblem("the ZIP directory is damaged");
  const value = view.getBigUint64(at, true);
  // Anything past 2^53 is nonsense for an upload that already passed the byte limit.
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

// ZIP64 moves sizes and offsets that overflow 32 bits into extra field 0x0001, in a fixed order,
// listing only the fields whose 32-bit slot holds 0xFFFFFFFF.
function applyZip64Extra(view: DataView, entry: ZipEntry, start: number, length: number): void {
  const needs =
    entry.uncompressedSize === 0xffffffff || entry.compressedSize === 0xffffffff || entry.localHeaderOffset === 0xffffffff;
  if (!needs) return;
  let at = start;
  const end = start + length;
  while (at + 4 <= end) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      let field = at + 4;
      if (entry.uncompressedSize === 0xffffffff) {
        entry.uncompressedSize = readSize(view, field);
        field += 8;
      }
      if (entry.compressedSize === 0xffffffff) {
        entry.compressedSize = readSize(view, field);
        field += 8;
      }
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = readSize(view, field);
      return;
    }
    at += 4 + size;
  }
  throw zipProblem(`the ZIP entry "${entry.name}" is damaged`);
}
