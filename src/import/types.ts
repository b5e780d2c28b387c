// What every importer returns: the topology, and what it could not judge or chose to leave out;
// and the builder importers collect it with.
import { hasControl, printable, truncate } from "../io/text.js";
import { type SourceLocation, type Topology, emptyTopology } from "../topology/model.js";

/** Data a judgement needs but the input lacks: what cannot be judged, and why. Audits report each as DPN-DATA-001. */
export interface Gap {
  /** What cannot be judged: an element's id, or a description ("what the load balancers forward"). */
  subject: string;
  /** The element whose contents are unknown, when the gap is about one: checks say "not enough data" about it. */
  elementId?: string;
  why: string;
}

/** A gap as one sentence: "not enough data to judge <subject>: <why>". */
export function gapText(g: Gap): string {
  return `not enough data to judge ${g.subject}: ${g.why}`;
}

/** The elements the gaps are about: present, but their contents unknown. */
export function unknownElements(gaps: readonly Gap[]): Set<string> {
  return new Set(gaps.flatMap((g) => g.elementId ?? []));
}

/** Gaps once each, by their sentence, in first-seen order. */
export function uniqueGaps(gaps: Iterable<Gap>): Gap[] {
  const seen = new Map<string, Gap>();
  for (const g of gaps) if (!seen.has(gapText(g))) seen.set(gapText(g), g);
  return [...seen.values()];
}

export interface ImportResult {
  topology: Topology;
  gaps: Gap[];
  /** What was read but left out (unknown files or keys, deleted resources), so nothing is dropped silently. */
  notes: string[];
  /** Where each element (by id) is written, for findings that point at a file and line (SARIF). */
  locations: Map<string, SourceLocation>;
  /** What the reading took to be so where the input leaves a choice of one: printed as "assumed:" lines. */
  assumed?: string[];
  /** Values the provider or the cloud refuses (a rule of `type = "-1"`): reported as DPN-DATA-002, never ignored. */
  invalid?: InvalidInput[];
}

/** A resource whose configuration the provider or the cloud refuses, and why. */
export interface InvalidInput {
  resource: string;
  why: string;
}

/** Collects an ImportResult: each element once, with where it is written. */
export class ResultBuilder {
  readonly topology: Topology = emptyTopology();
  readonly gaps: Gap[] = [];
  readonly notes: string[] = [];
  readonly locations = new Map<string, SourceLocation>();
  private readonly ids = new Set<string>();

  /** Adds an element once (a repeated id is noted, the first kept) and records where it is written; false if repeated. */
  place<T extends { id: string; source?: SourceLocation }>(list: T[], element: T, at: SourceLocation): boolean {
    // An id with control characters could rewrite the terminal or a printed command: a bad element.
    if (hasControl(element.id)) {
      this.notes.push(`${at.file}: bad element: id ${truncate(printable(element.id))} has control characters: ignored`);
      return false;
    }
    if (this.ids.has(element.id)) {
      const first = this.locations.get(element.id);
      this.notes.push(`${element.id} appears again in ${at.file}${first ? ` (first in ${first.file})` : ""}: kept the first`);
      return false;
    }
    this.ids.add(element.id);
    element.source = at;
    this.locations.set(element.id, at);
    list.push(element);
    return true;
  }

  /** Whether an element of this id was placed. */
  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Not enough data to judge `subject` (an element when `elementId` is given), because `why`; each once. */
  gap(subject: string, why: string, elementId?: string): void {
    const gap: Gap = elementId === undefined ? { subject, why } : { subject, elementId, why };
    if (!this.gaps.some((g) => gapText(g) === gapText(gap))) this.gaps.push(gap);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  result(): ImportResult {
    return { topology: this.topology, gaps: this.gaps, notes: this.notes, locations: this.locations };
  }
}
