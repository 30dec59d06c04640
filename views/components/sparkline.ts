/** The one-row chart lives in src/format (the bottleneck findings draw it too); views import it from here. */
export { sparkline } from '../../src/format/sparkline.js';
