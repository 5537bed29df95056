/** `/qrv shop` (manual §8.2 提携店リスト更新). Declared once; imported by the builders and the registration. */
export const SHOP_ACTIONS = {
  /** カードを表示 on a search result (value: the shop ID). */
  open: 'qrv_shop_open',
  /** 編集: name, phone, area in a modal. */
  edit: 'qrv_shop_edit',
  /** 提携店リストに追加: listed = true. */
  promote: 'qrv_shop_promote',
  /** 対象外: an unlisted shop the operators will not add. */
  exclude: 'qrv_shop_exclude',
} as const;
export const SHOP_VIEWS = { edit: 'qrv_shop_edit_submit', import: 'qrv_shop_import_submit' } as const;
export const SHOP_FIELDS = { name: 'shop_name', phone: 'shop_phone', area: 'shop_area', importFile: 'shop_import_file' } as const;
