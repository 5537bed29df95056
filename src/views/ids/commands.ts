/** Buttons on command answers. Declared once; imported by the builders and the registration. */

/** カードを表示: the reservation card of one line of `/qrv status <phone|e-mail>` (value: the reservation ID). */
export const STATUS_OPEN_CARD_ACTION = 'qrv_status_open_card';
