import type { SurfaceRoutes } from '../routes.js';
import { handleHomeOpened } from './home-opened.js';
import { REFRESH_HOME_ACTION } from '../../views/ids/dashboard.js';
import { handleRefreshHome } from './refresh.js';

/** The App Home tab: refreshed when opened, by its 更新 button, and when an alert changes (src/slack/home.ts). */
export const dashboardRoutes: SurfaceRoutes = {
  actions: [[REFRESH_HOME_ACTION, handleRefreshHome]],
  homeOpened: [handleHomeOpened],
};
