/**
 * How many bytes a ZIP archive (an XLSX workbook) says it unpacks to, read from its central directory, so a small
 * upload that would inflate to gigabytes (a "zip bomb") is refused before anything is unpacked. ZIP64 archives
 * (sizes too large for the classic fields) count as too large for a questionnaire.
 */
const endOfDirectorySignature = 0x06054b50;
const directoryEntrySignature = 0x02014b50;
const maxCommentLength = 0xffff;

export function declaredUnpackedSize(bytes: Uint8Array): number {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lowest = Math.max(0, view.length - 22 - maxCommentLength);
  for (let end = view.length - 22; end >= lowest; end--) {
    if (view.readUInt32LE(end) !== endOfDirectorySignature) continue;
    const entries = view.readUInt16LE(end + 10);
    let position = view.readUInt32LE(end + 16);
    let total = 0;
    for (let entry = 0; entry < entries; entry++) {
      if (position + 46 > view.length || view.readUInt32LE(position) !== directoryEntrySignature) {
        return Number.POSITIVE_INFINITY;
      }
      const size = view.readUInt32LE(position + 24);
      if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
      total += size;
      position +=
        46 + view.readUInt16LE(position + 28) + view.readUInt16LE(position + 30) + view.readUInt16LE(position + 32);
    }
    return total;
  }
  return Number.POSITIVE_INFINITY;
}
