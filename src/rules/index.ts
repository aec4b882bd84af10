/** Every rule the judge runs over a change, in the order their findings are listed for it. */
import { actionPinning } from './action-pinning.js';
import { deprecatedRule } from './deprecated.js';
import { exceptionExpiry } from './exception-expiry.js';
import { installScriptRule } from './install-script.js';
import { licenseChanged } from './license-changed.js';
import { licenseRule } from './license.js';
import { malwareRule } from './malware.js';
import { packageDenied } from './package-denied.js';
import type { ChangeRule } from './rule.js';
import { scorecardRule } from './scorecard.js';
import { singleVendorRule } from './single-vendor.js';
import { tooNewRule } from './too-new.js';
import { vulnerabilityRule } from './vulnerability.js';

export const CHANGE_RULES: readonly ChangeRule[] = [
  packageDenied,
  malwareRule,
  vulnerabilityRule,
  actionPinning,
  exceptionExpiry,
  licenseRule,
  licenseChanged,
  deprecatedRule,
  tooNewRule,
  installScriptRule,
  scorecardRule,
  singleVendorRule,
];
