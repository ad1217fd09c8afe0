// Loads SLO files (edgeslo/v1 and OpenSLO v1 documents, several per file) into SloDefinitions, or throws every issue at once.
import type { SloDefinition } from "../definition";
import { decodeEdgesloDocument, EDGESLO_API_VERSION, type DecodeOptions } from "./edgeslo-yaml";
import { collectOpenSloSlis, decodeOpenSloDocument, OPENSLO_API_VERSION } from "./openslo";
import { readYamlDocuments, SloSpecError, type SourceDocument, type SpecIssue } from "./yaml-source";

export interface SloFile {
  name: string;
  text: string;
}

export function loadSloFiles(files: SloFile[], options: DecodeOptions): SloDefinition[] {
  const issues: SpecIssue[] = [];
  const docs: SourceDocument[] = [];
  for (const file of files) {
    try {
      docs.push(...readYamlDocuments(file.text, file.name));
    } catch (error) {
      if (error instanceof SloSpecError) issues.push(...error.issues);
      else throw error;
    }
  }
  const slis = collectOpenSloSlis(docs);
  const slos: SloDefinition[] = [];
  const seen = new Map<string, string>();
  for (const doc of docs) {
    const apiVersion = (doc.value as { apiVersion?: unknown } | null)?.apiVersion;
    const decoded =
      apiVersion === EDGESLO_API_VERSION
        ? decodeEdgesloDocument(doc, options)
        : apiVersion === OPENSLO_API_VERSION
          ? decodeOpenSloDocument(doc, slis, options)
          : { slos: [], issues: [doc.issueAt(["apiVersion"], `apiVersion must be ${EDGESLO_API_VERSION} or ${OPENSLO_API_VERSION}, got ${JSON.stringify(apiVersion ?? null)}`)] };
    issues.push(...decoded.issues);
    decoded.slos.forEach((slo) => {
      const key = `${slo.project}/${slo.name}`;
      const where = `${doc.file} document ${doc.index + 1}`;
      if (seen.has(key)) issues.push(doc.issueAt([], `SLO ${key} is defined twice (also in ${seen.get(key)})`));
      else seen.set(key, where);
      slos.push(slo);
    });
  }
  if (issues.length > 0) throw new SloSpecError(issues);
  return slos;
}
