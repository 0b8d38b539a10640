/**
 * The engine's marker for a value not known until apply. It is the one fact every layer above the
 * API shares about previews, so it lives here rather than in any one resource.
 */

/**
 * The string the engine sends (dynamic providers) or the plugin maps unknowns to (native provider)
 * for values not known until apply, as during a preview. Validation skips it; a diff counts it as
 * a change.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
