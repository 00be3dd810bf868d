/** Dataset events on the internal bus, for the webhooks module to deliver. */
export const DATASET_EVENTS = {
  donationCreated: 'donation.created',
  imageApproved: 'image.approved',
  imageRejected: 'image.rejected',
  imageQuarantined: 'image.quarantined',
  imageReported: 'image.reported',
} as const;
