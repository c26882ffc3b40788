// Which readers get the simulator's TEST keys shown (src/lib/server/card-service/simulated-reader.ts): vpcd's slots
// only, recognised by the friendly name configured for libifdvpcd in reader.conf.d and pcscd's "<name> 00 <slot>"
// naming; a real reader with a similar name gets none. The reader.conf text below is Debian's vsmartcard-vpcd
// /etc/reader.conf.d/vpcd, copied from this machine, with libccid's commented-out example before it.
import { describe, expect, it } from 'vitest';
import { isSimulatedReader, readerJson, vpcdFriendlyNames } from '../../../src/lib/server/card-service';

const DEBIAN_VPCD = `FRIENDLYNAME "Virtual PCD"
DEVICENAME   /dev/null:0x8C7B
LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so
CHANNELID    0x8C7B
`;
const LIBCCIDTWIN = `# Gemalto reader with serial communication
#DEVICENAME        /dev/ttySn[:reader]
#FRIENDLYNAME      "GemPCTwin serial"
#LIBPATH           /usr/lib/pcsc/drivers/serial/libccidtwin.so
`;
const SERIAL_READER = `FRIENDLYNAME "GemPCTwin serial"
DEVICENAME /dev/ttyS0
LIBPATH /usr/lib/pcsc/drivers/serial/libccidtwin.so
`;

describe('vpcd readers from reader.conf.d', () => {
	it('finds "Virtual PCD" for libifdvpcd and nothing for other drivers or comments', () => {
		expect(vpcdFriendlyNames([LIBCCIDTWIN, DEBIAN_VPCD, SERIAL_READER])).toEqual(['Virtual PCD']);
		expect(vpcdFriendlyNames([LIBCCIDTWIN, SERIAL_READER])).toEqual([]);
	});

	it('counts only "<vpcd name> 00 <slot>" as simulated', () => {
		const names = vpcdFriendlyNames([DEBIAN_VPCD]);
		expect(isSimulatedReader('Virtual PCD 00 00', names)).toBe(true);
		expect(isSimulatedReader('Virtual PCD 00 01', names)).toBe(true);
		for (const real of ['Virtual PCD Reader 00 00', 'My Virtual PCD 00 00', 'Virtual PCD 01 00', 'virtual pcd 00 00', 'Virtual PCD 00 00 ', 'Gemalto PC Twin Reader 00 00', 'Virtual PCD']) {
			expect(isSimulatedReader(real, names), real).toBe(false);
		}
		// Without a vpcd in reader.conf.d (unreadable, not installed) nothing is simulated: the safe side.
		expect(isSimulatedReader('Virtual PCD 00 00', [])).toBe(false);
	});

	it('marks the reader in /api/card/readers JSON, and only that one', () => {
		const names = ['Virtual PCD'];
		expect(readerJson({ name: 'Virtual PCD 00 01', present: true, atr: Uint8Array.of(0x3b, 0x00) }, names)).toEqual({ name: 'Virtual PCD 00 01', present: true, atr: '3B00', simulated: true });
		expect(readerJson({ name: 'Virtual PCD Reader 00 00', present: false }, names)).toEqual({ name: 'Virtual PCD Reader 00 00', present: false });
	});
});
