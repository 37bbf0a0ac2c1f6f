/** Which pages a role sees: features whose routes are registered and whose permission it holds. */
import { can, type Role } from '../auth/roles.js';
import { API, FEATURES } from '../contract/index.js';

const presentTags = new Set<string>(Object.values(API).map((r) => r.tag));

export function availableFeatures(role: Role): string[] {
  return FEATURES.filter((f) => presentTags.has(f.routeTag) && can(role, f.permission)).map((f) => f.feature);
}
