/**
 * Live-connection fuzz at protocol v4, without and with LZ4 (spec/session/live-fuzz.ts).
 */
import { describeLiveFuzz } from './live-fuzz';

describeLiveFuzz([{ version: 4, lz4: false }, { version: 4, lz4: true }]);
