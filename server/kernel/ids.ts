// Record ids are UUIDs. A value from a URL, a form or a trail entry is checked against this one
// pattern before it reaches a query: PostgreSQL would refuse a malformed uuid with an error (a
// 500), where the app means "not found" or "invalid value".

/** A UUID as text (any letter case); its `source` also serves as a PostgreSQL regex (`~*`). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);
