// The registry of rule types: a ruleset's `check.type` must name one of these.

import { contributingCovers, readmeSection, readmeSubstantive } from './docs.ts';
import { directoryExists, fileContents, fileExists, fileNotContents, fileNotExists } from './files.ts';
import {
  ci,
  communicationChannel,
  dependencyUpdates,
  descriptionPresent,
  innersourceJsonValid,
  licence,
  noCredentialFiles,
  noLargeFiles,
  ownership,
  recentActivity,
  testsPresent,
} from './project.ts';
import { responsePromise } from './responsiveness.ts';
import type { RuleType } from './rule-type.ts';

export const RULE_TYPES: ReadonlyMap<string, RuleType> = new Map(
  (
    [
      fileExists,
      fileNotExists,
      directoryExists,
      fileContents,
      fileNotContents,
      readmeSubstantive,
      readmeSection,
      contributingCovers,
      ownership,
      communicationChannel,
      licence,
      ci,
      testsPresent,
      innersourceJsonValid,
      descriptionPresent,
      recentActivity,
      noLargeFiles,
      noCredentialFiles,
      dependencyUpdates,
      responsePromise,
    ] as RuleType[]
  ).map((t) => [t.type, t]),
);
