/** Every settings rule, in the order the report lists them. A new rule: a file beside these and one line here. */
import { branchProtectionRule } from './branch-protection.js';
import { hygieneRule } from './hygiene.js';
import { licenseRule } from './license.js';
import { mergeRule } from './merge.js';
import { requiredFilesRule } from './required-files.js';
import type { SettingsRule } from './rule.js';
import { securityRule } from './security.js';

export const SETTINGS_RULES: readonly SettingsRule[] = [branchProtectionRule, requiredFilesRule, licenseRule, securityRule, mergeRule, hygieneRule];
