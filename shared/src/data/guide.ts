/** How close (metres) a resident must be to a point to check in, unless a site sets its own. */
export const DEFAULT_CHECKIN_RADIUS_M = 80;
