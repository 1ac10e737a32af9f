/**
 * Active content in a PDF: what a reader may run or open on its own (JavaScript, actions on open
 * or on an event, launching a program, embedded files, rich media, XFA forms). A scan of a paper
 * document needs none of it, so a PDF carrying any of it is refused.
 *
 * What is looked at, and why it is enough:
 * - Every PDF name outside stream data, decoded from its `#xx` escapes (ISO 32000-1 §7.3.5:
 *   `/J#61vaScript` is `/JavaScript`). Names inside string literals count too: a false alarm on
 *   a string is cheaper than a parser differential.
 * - Object streams (a stream whose dictionary has `/First`, which a reader needs to parse one):
 *   the objects inside are dictionaries like any other. FlateDecode is inflated (node:zlib) within
 *   a budget of inflated bytes, and scanned; any other filter, a predictor, or data that does not
 *   inflate is refused (fail closed: no benign producer writes object streams that way).
 * - The data of other streams (images, page contents, fonts) is skipped: names there are never
 *   read as document structure, and random image bytes would raise false alarms ("/AA" appears
 *   by chance about once in 400 MB of JPEG data). Unless the data contains an object header
 *   (`12 0 obj`): a reader that finds objects through the xref offsets, or rebuilds a broken
 *   xref, would read objects hidden there, so such data is scanned as if it were not a stream.
 *
 * Pure: no AWS, no clock; node:zlib only.
 */
import { constants, inflateSync } from 'node:zlib';

/** What is refused, by the PDF name that carries it, with the reason shown on the slot. */
const forbidden: Record<string, string> = {
  JS: 'mã JavaScript',
  JavaScript: 'mã JavaScript',
  OpenAction: 'hành động tự chạy khi mở tệp',
  AA: 'hành động tự chạy theo sự kiện',
  Launch: 'lệnh mở chương trình hoặc tệp khác',
  EmbeddedFile: 'tệp đính kèm',
  EmbeddedFiles: 'tệp đính kèm',
  FileAttachment: 'tệp đính kèm',
  RichMedia: 'nội dung đa phương tiện (RichMedia)',
  XFA: 'biểu mẫu XFA',
};

/** The names refused, as written in a PDF (`/JavaScript`, ...). */
export const forbiddenNames: readonly string[] = Object.keys(forbidden);

/** Inflated bytes allowed across every object stream of one file (a zip bomb goes past it). */
export const defaultMaxInflatedBytes = 64 * 1024 * 1024;

export type PdfSafety = { safe: true } | { safe: false; name?: string; reason: string };

/**
 * Whether a PDF carries active content; the reason is Vietnamese and names what was found.
 *
 * @example pdfSafety(Buffer.from('%PDF-1.4 1 0 obj <</OpenAction 2 0 R>> endobj'))
 *   // { safe: false, name: 'OpenAction', reason: 'tệp PDF chứa hành động tự chạy khi mở tệp (/OpenAction): không được chấp nhận' }
 */
export function pdfSafety(bytes: Uint8Array, options: { maxInflatedBytes?: number } = {}): PdfSafety {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let budget = options.maxInflatedBytes ?? defaultMaxInflatedBytes;
  for (const region of regions(text)) {
    if (region.kind === 'scan') {
      const found = firstForbidden(text, region.start, region.end);
      if (found) return refused(found);
      continue;
    }
    // An object stream.
    const { filters, predictor } = region;
    if (filters.length === 0) {
      const found = firstForbidden(text, region.start, region.end);
      if (found) return refused(found);
      continue;
    }
    if (filters.some((f) => f !== 'FlateDecode' && f !== 'Fl'))
      return { safe: false, reason: `tệp PDF có luồng đối tượng nén bằng bộ lọc không được hỗ trợ (/${filters.find((f) => f !== 'FlateDecode' && f !== 'Fl')}): không được chấp nhận` };
    if (predictor) return { safe: false, reason: 'tệp PDF có luồng đối tượng dùng bộ dự đoán (/Predictor), không kiểm tra được: không được chấp nhận' };
    // From the data's start to the end of the file: zlib stops at its own end marker, as a reader
    // does when /Length is wrong or the "endstream" we found was planted inside the data.
    let data: Buffer = Buffer.from(bytes.buffer, bytes.byteOffset + region.start, bytes.byteLength - region.start);
    for (const _ of filters) {
      try {
        data = inflateSync(data, { maxOutputLength: Math.max(1, budget), finishFlush: constants.Z_SYNC_FLUSH });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
          return { safe: false, reason: 'tệp PDF giải nén ra quá nhiều dữ liệu (nghi là bom nén): không được chấp nhận' };
        return { safe: false, reason: 'tệp PDF có luồng đối tượng nén bị hỏng, không kiểm tra được: không được chấp nhận' };
      }
      budget -= data.length;
    }
    const inner = data.toString('latin1');
    const found = firstForbidden(inner, 0, inner.length);
    if (found) return refused(found);
  }
  return { safe: true };
}

const refused = (name: string): PdfSafety => ({ safe: false, name, reason: `tệp PDF chứa ${forbidden[name]} (/${name}): không được chấp nhận` });

// ---------------------------------------------------------------------------------------------
// Names

/** PDF white-space and delimiters (ISO 32000-1 §7.2.2): they end a name. */
const ends = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** The name starting at `text[at] === '/'`, decoded, and where it ends. */
function nameAt(text: string, at: number, end: number): { name: string; next: number } {
  let i = at + 1;
  let name = '';
  while (i < end && !ends.has(text.charCodeAt(i))) {
    const c = text[i]!;
    if (c === '#' && i + 2 < end && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      name += String.fromCharCode(parseInt(text.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      name += c;
      i += 1;
    }
  }
  return { name, next: i };
}

/** Every name in `text[start, end)`, decoded. */
function* namesIn(text: string, start: number, end: number): Generator<{ name: string; at: number; next: number }> {
  let i = text.indexOf('/', start);
  while (i !== -1 && i < end) {
    const { name, next } = nameAt(text, i, end);
    yield { name, at: i, next };
    i = text.indexOf('/', Math.max(next, i + 1));
  }
}

function firstForbidden(text: string, start: number, end: number): string | undefined {
  for (const { name } of namesIn(text, start, end)) if (Object.hasOwn(forbidden, name)) return name;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Streams

type Region = { kind: 'scan'; start: number; end: number } | { kind: 'object-stream'; start: number; end: number; filters: string[]; predictor: boolean };

/** An object header, "12 0 obj": a reader may read an object wherever one is. */
const objectHeader = /\d+\s+\d+\s+obj(?![A-Za-z])/;

/**
 * The file cut into what is scanned for names (everything but stream data, and stream data that
 * holds an object header) and the object streams to decode.
 */
function* regions(text: string): Generator<Region> {
  let from = 0;
  const keyword = /stream(\r\n|\r|\n)/g;
  for (let m = keyword.exec(text); m; m = keyword.exec(text)) {
    // "endstream" is not a stream's start; the keyword follows a dictionary's ">>".
    if (text.slice(Math.max(0, m.index - 3), m.index) === 'end') continue;
    const close = lastNonSpace(text, m.index);
    if (close < 1 || text.slice(close - 1, close + 1) !== '>>') continue;
    const open = matchingOpen(text, close - 1);
    if (open === -1) continue;
    const dict = dictionaryOf(text, open, close + 1);
    const dataStart = m.index + m[0].length;
    const dataEnd = streamEnd(text, dataStart, dict.length);
    yield { kind: 'scan', start: from, end: dataStart };
    if (dict.objectStream) yield { kind: 'object-stream', start: dataStart, end: dataEnd, filters: dict.filters, predictor: dict.predictor };
    else if (objectHeader.test(text.slice(dataStart, dataEnd))) yield { kind: 'scan', start: dataStart, end: dataEnd };
    from = dataEnd;
    keyword.lastIndex = Math.max(dataEnd, keyword.lastIndex);
  }
  yield { kind: 'scan', start: from, end: text.length };
}

function lastNonSpace(text: string, before: number): number {
  let i = before - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return i;
}

/** How far back a stream's dictionary may start (real ones are a few hundred bytes). */
const maxDictionaryBytes = 64 * 1024;

/**
 * The index of the "<<" opening the dictionary whose ">>" starts at `closeAt`, or -1 (then the
 * data is scanned like the rest: nothing is skipped on a guess). Bounded, so a file of many
 * unbalanced streams cannot make this quadratic.
 */
function matchingOpen(text: string, closeAt: number): number {
  let depth = 0;
  for (let i = closeAt; i >= 0 && i > closeAt - maxDictionaryBytes; i--) {
    const pair = text.slice(i, i + 2);
    if (pair === '>>') depth++;
    else if (pair === '<<') {
      depth--;
      if (depth === 0) return i;
    } else continue;
    i--; // a two-character token: step over its first character too
  }
  return -1;
}

/** What a stream's dictionary says about its data (names decoded; nested dictionaries included). */
function dictionaryOf(text: string, start: number, end: number) {
  const names = [...namesIn(text, start, end)];
  const after = (i: number) => text.slice(names[i]!.next, end);
  let length: number | undefined;
  let filters: string[] = [];
  let objectStream = false;
  let predictor = false;
  names.forEach(({ name }, i) => {
    if (name === 'Length') {
      // A direct integer; "5 0 R" (an indirect length) is not known here.
      const m = /^\s*(\d+)(?!\s+\d+\s+R)/.exec(after(i));
      if (m) length = Number(m[1]);
    } else if (name === 'Filter') {
      const rest = after(i).trimStart();
      if (rest.startsWith('[')) {
        const close = rest.indexOf(']');
        const list = rest.slice(0, close === -1 ? rest.length : close);
        filters = [...namesIn(list, 0, list.length)].map((n) => n.name);
      } else if (rest.startsWith('/')) filters = [nameAt(rest, 0, rest.length).name];
    } else if (name === 'First' || name === 'ObjStm') objectStream = true;
    else if (name === 'Predictor') {
      const m = /^\s*(\d+)/.exec(after(i));
      if (m && Number(m[1]) > 1) predictor = true;
    }
  });
  return { length, filters, objectStream, predictor };
}

/** Where a stream's data ends: at /Length when "endstream" follows there, else at the next "endstream". */
function streamEnd(text: string, dataStart: number, length: number | undefined): number {
  if (length !== undefined && /^\s*endstream/.test(text.slice(dataStart + length, dataStart + length + 12))) return dataStart + length;
  const next = text.indexOf('endstream', dataStart);
  return next === -1 ? text.length : next;
}
