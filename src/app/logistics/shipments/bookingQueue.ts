/** The job queue return parcels are booked from (one job per shipment), and where a booking that
 * kept failing goes to be given up. The job machinery (src/jobs) makes the queues and works them. */
export const BOOKING_QUEUE = 'logistics.book';
export const BOOKING_DEAD_QUEUE = 'logistics.book.dead';

export interface BookingJob {
  shipmentId: string;
}
