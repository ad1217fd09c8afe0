// YAML documents with positions: parse once, then point any path (a zod issue's) back to its file, line and column.
import { LineCounter, parseAllDocuments, type Document } from "yaml";

export type SpecPath = (string | number)[];

export interface SpecIssue {
  file: string;
  line: number;
  column: number;
  /** Path inside the YAML document, e.g. slos[2].objective. */
  path: string;
  message: string;
}

export function formatSpecPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), "");
}

/** A bad SLO file: every issue found, each with file:line:column and path. */
export class SloSpecError extends Error {
  constructor(readonly issues: SpecIssue[]) {
    super(issues.map((i) => `${i.file}:${i.line}:${i.column}: ${i.path ? `${i.path}: ` : ""}${i.message}`).join("\n"));
    this.name = "SloSpecError";
  }
}

export interface SourceDocument {
  file: string;
  /** 0-based position of the document in a multi-document file. */
  index: number;
  value: unknown;
  /** An issue at a path; a path that does not exist in the file points at its nearest existing parent. */
  issueAt(path: readonly PropertyKey[], message: string): SpecIssue;
}

export function readYamlDocuments(text: string, file: string): SourceDocument[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [];
  const syntax: SpecIssue[] = [];
  for (const doc of list) {
    for (const error of doc.errors) {
      const pos = lineCounter.linePos(error.pos[0]);
      syntax.push({ file, line: pos.line, column: pos.col, path: "", message: error.message.split("\n")[0]! });
    }
  }
  if (syntax.length > 0) throw new SloSpecError(syntax);
  return list
    .filter((doc) => doc.contents !== null)
    .map((doc, index) => ({
      file,
      index,
      value: doc.toJS({ maxAliasCount: 50 }) as unknown,
      issueAt(path, message) {
        const offset = offsetOf(doc, path.filter((k): k is string | number => typeof k !== "symbol"));
        const pos = lineCounter.linePos(offset);
        return { file, line: pos.line, column: pos.col, path: formatSpecPath(path), message };
      },
    }));
}

function offsetOf(doc: Document.Parsed, path: SpecPath): number {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? doc.contents : (doc.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined);
    if (node && typeof node === "object" && node.range) return node.range[0];
  }
  return 0;
}
