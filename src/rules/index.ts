/** Every rule the judge runs over a change, in the order their findings are listed for it. */
import { actionPinning } from './action-pinning.js';
import { exceptionExpiry } from './exception-expiry.js';
import { licenseChanged } from './license-changed.js';
import { licenseRule } from './license.js';
import { packageDenied } from './package-denied.js';
import type { ChangeRule } from './rule.js';

export const CHANGE_RULES: readonly ChangeRule[] = [packageDenied, actionPinning, exceptionExpiry, licenseRule, licenseChanged];
