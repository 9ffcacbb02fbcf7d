% A three-bus case written by hand for the scenario warnings: buses
% without coordinates and no fragility classes, as MATPOWER cases come.
function mpc = case3
mpc.version = '2';
mpc.baseMVA = 100;
mpc.bus = [
	1	3	0	0	0	0	1	1	0	230	1	1.1	0.9;
	2	1	50	10	0	0	1	1	0	230	1	1.1	0.9;
	3	1	40	10	0	0	1	1	0	230	1	1.1	0.9;
];
mpc.gen = [
	1	90	0	300	-300	1	100	1	250	10	0	0	0	0	0	0	0	0	0	0	0;
];
mpc.branch = [
	1	2	0.01	0.1	0	250	250	250	0	0	1	-360	360;
	2	3	0.01	0.1	0	250	250	250	0	0	1	-360	360;
	1	3	0.01	0.1	0	250	250	250	0	0	1	-360	360;
];
