/**
 * `package/install-script`: a new package whose lockfile entry runs scripts when installed (npm
 * v2/v3 `hasInstallScript`, pnpm 5.x/6.x `requiresBuild`; pnpm 9, bun.lock and yarn.lock do not
 * record it, so the rule cannot see it there), or an upgrade or downgrade to a version that runs
 * them when the previous one did not: where supply-chain attacks run. `supply-chain.install-scripts`
 * says fail, warn or allow (the default). Covered by an exception without a `license` condition;
 * every scope (scripts run wherever the package is installed, CI included). Pure.
 */
import { dependencyFinding, labelOf, severityOf, versionText } from './finding.js';
import { NO_FINDINGS, type ChangeRule } from './rule.js';

export const installScriptRule: ChangeRule = {
  id: 'package/install-script',
  applies: 'package-unexcepted',
  check: ({ change, dependency, previous, policy, license }) => {
    if (dependency.installScripts !== true) return NO_FINDINGS;
    const severity = severityOf(policy.supplyChain.installScripts);
    if (!severity) return NO_FINDINGS;
    // "Had none" includes a previous entry whose format did not say: the loud reading.
    if (change.change !== 'added' && previous?.installScripts === true) return NO_FINDINGS;
    const message = previous
      ? `${labelOf(dependency)} runs install scripts, which ${versionText(previous) ?? 'the previous version'} did not`
      : `${labelOf(dependency)} runs install scripts when it is installed`;
    return [
      dependencyFinding(
        dependency,
        license?.value,
        'package/install-script',
        severity,
        message,
        `Read what ${dependency.name}'s preinstall, install and postinstall scripts do before taking it; install with scripts off (npm ci --ignore-scripts) if it works without them, or add an exception with a reason.`,
      ),
    ];
  },
};
