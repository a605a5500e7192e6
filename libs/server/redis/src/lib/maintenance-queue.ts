/** Housekeeping jobs (schedule reconciliation, lost jobs, expired sessions): run by the worker. */
export const MAINTENANCE_QUEUE = 'maintenance';
