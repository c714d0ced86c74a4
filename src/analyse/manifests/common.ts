// Shared shape of the manifest readers: each turns one manifest's text into the packages it publishes
// and consumes, plus the problems met (a reader throws only when the file cannot be parsed at all).

import type { FileContent } from '../../snapshot/snapshot.ts';
import type { Ecosystem, PackageFact } from '../facts.ts';

export interface ManifestInput {
  path: string;
  text: string;
  /** Every file the snapshot read, for readers that need a sibling (Gradle's settings file). */
  files: ReadonlyMap<string, FileContent>;
}

export interface ManifestResult {
  packages: PackageFact[];
  /** Type or shape problems in an otherwise parsed file, each naming the key. */
  problems: string[];
  /** The project's one-line description, when the manifest gives one (`description`, `summary`). */
  description?: string;
}

export type ManifestReader = (input: ManifestInput) => ManifestResult;

/** Collects packages and problems for one manifest. */
export class ManifestCollector {
  readonly packages: PackageFact[] = [];
  readonly problems: string[] = [];
  constructor(
    private readonly ecosystem: Ecosystem,
    private readonly manifest: string,
  ) {}

  publishes(name: string, version?: string): void {
    this.add(name, 'publishes', version, undefined);
  }

  consumes(name: string, version: string | undefined, scope: PackageFact['scope']): void {
    this.add(name, 'consumes', version, scope);
  }

  problem(message: string): void {
    this.problems.push(message);
  }

  /** The project's description, if a non-empty string (the first one given wins). */
  describe(text: unknown): void {
    if (this.description !== undefined || typeof text !== 'string') return;
    const oneLine = text.replace(/\s+/g, ' ').trim();
    if (oneLine) this.description = oneLine.slice(0, 1000);
  }

  private description: string | undefined;

  result(): ManifestResult {
    const r: ManifestResult = { packages: this.packages, problems: this.problems };
    if (this.description !== undefined) r.description = this.description;
    return r;
  }

  private add(
    name: string,
    role: PackageFact['role'],
    version: string | undefined,
    scope: PackageFact['scope'],
  ): void {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 300) return;
    const fact: PackageFact = { ecosystem: this.ecosystem, name: trimmed, role, manifest: this.manifest };
    if (version !== undefined && version !== '') fact.version = version.slice(0, 200);
    if (scope) fact.scope = scope;
    this.packages.push(fact);
  }
}

/** A plain object (not an array, not null), as JSON and TOML give tables. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value of `key` when it is the object's OWN property, else undefined. Objects parsed from repository
 * files are indexed with untrusted keys (`toString`, `constructor`, `__proto__`): never reach the prototype.
 */
export function ownValue<T>(object: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Describes a value's type for problem messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
