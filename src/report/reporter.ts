/**
 * One reporter per output format (osv-scanner's shape): each turns the one complete Report into
 * text for a reader. The CLI picks one by `--format` and knows no format itself; a new format is
 * one file here and one line in REPORTERS.
 */
import type { Report } from '../evaluation/report.js';
import { POLICY_FILE } from '../policy/definition.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

/** What a reporter may know beside the report: who made it, where it runs, where the policy came from. */
export interface RenderContext {
  /** This tool's version (SARIF's `tool.driver.version`). */
  toolVersion: string;
  /** Where the policy came from (`preset:permissive`, `.github/ospo-gatekeeper.yml`...). */
  policySources: readonly string[];
  /** The folder evaluated, when not the whole repository (`crates/index/`). */
  subtree?: string;
  /** ANSI colour (the CLI asks for it on a terminal without NO_COLOR). */
  colour?: boolean;
  /** The repository's URI or git remote, for SARIF's versionControlProvenance. */
  repositoryUri?: string;
}

export interface Reporter {
  /** The `--format` value. */
  readonly id: string;
  /** True if the reporter uses `repositoryUri` (the CLI asks git for the remote only then). */
  readonly wantsRepositoryUri?: boolean;
  render(report: Report, context: RenderContext): string;
}

const text: Reporter = {
  id: 'text',
  render: (report, context) =>
    formatText(report, { colour: context.colour === true, policySources: [...context.policySources], ...(context.subtree ? { subtree: context.subtree } : {}) }),
};

const json: Reporter = {
  id: 'json',
  // The JSON contract (DESIGN.md): the report without the in-memory inventory.
  render: ({ inventory: _inventory, ...contract }) => `${JSON.stringify(contract, null, 2)}\n`,
};

const markdown: Reporter = {
  id: 'markdown',
  render: (report, context) => `${formatMarkdown(report, { policySources: context.policySources })}\n`,
};

const sarif: Reporter = {
  id: 'sarif',
  wantsRepositoryUri: true,
  render: (report, context) => formatSarif(report, context.toolVersion, { ...(context.repositoryUri ? { repositoryUri: context.repositoryUri } : {}), policyPath: POLICY_FILE }),
};

/** Every `--format`, the default first. */
export const REPORTERS: readonly Reporter[] = [text, json, markdown, sarif];

export function reporterById(id: string): Reporter | undefined {
  return REPORTERS.find((reporter) => reporter.id === id);
}
