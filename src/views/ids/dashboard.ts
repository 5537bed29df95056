/** 更新 on the App Home tab. Declared once; imported by the home view builder and the registration. */
export const REFRESH_HOME_ACTION = 'qrv_home_refresh';
