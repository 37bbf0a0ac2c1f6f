/** The sections every report has; other areas register theirs the same way. */
import { registerReportSection } from './registry.js';
import { causesSection } from './sections/causes.js';
import { costSection } from './sections/cost.js';
import { funnelSection } from './sections/funnel.js';
import { headlineSection } from './sections/headline.js';
import { overdueSection } from './sections/overdue.js';
import { peersSection } from './sections/peers.js';
import { pricingSection } from './sections/pricing.js';
import { segmentsSection } from './sections/segments.js';
import { trendSection } from './sections/trend.js';
import { vintagesSection } from './sections/vintages.js';

for (const s of [headlineSection, segmentsSection, trendSection, peersSection, funnelSection, causesSection, vintagesSection, overdueSection, costSection, pricingSection]) {
  registerReportSection(s);
}
