export { homeOpened, publishHome } from '../../slack/home.js';
