/**
 * Live-connection fuzz at protocol v5, without and with LZ4 (spec/session/live-fuzz.ts).
 */
import { describeLiveFuzz } from './live-fuzz';

describeLiveFuzz([{ version: 5, lz4: false }, { version: 5, lz4: true }]);
