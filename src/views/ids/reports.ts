/** 特記事項を書く on the 18:00 post, and its modal. Declared once; imported by the views and the registration. */
export const WRITE_NOTE_ACTION = 'qrv_daily_note_write';
export const DAILY_NOTE_CALLBACK = 'qrv_daily_note';
export const NOTE_BLOCK = 'qrv_daily_note_block';
export const NOTE_INPUT = 'qrv_daily_note_input';
