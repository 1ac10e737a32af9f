/**
 * The default stops of the clock shipped with motcua (deadline-rules.json): what a supplement
 * request does for procedures that do not say, and that a fee or tax request pauses the clock.
 * Validated at load; a broken file fails at cold start.
 */
import * as z from 'zod';
import type { ClockRules } from '../domain/processing-time.ts';
import rules from './deadline-rules.json' with { type: 'json' };

const clockRulesSchema = z.object({ supplement: z.enum(['pause', 'restart']), fee: z.literal('pause'), effectiveFrom: z.string() });

export const deadlineRules: ClockRules & { effectiveFrom: string } = clockRulesSchema.parse(rules);
