/**
 * Deterministic benchmark corpora. Each generator writes one exposition (text format
 * 0.0.4) through a sink and returns what it wrote: the number of families and of series
 * (sample lines; a histogram bucket, `_sum` and `_count` line each count as one series,
 * as Prometheus counts them). A fixed-seed PRNG makes every run produce the same bytes,
 * so the files are generated once into `bench/.corpora/` (git-ignored) and reused while
 * `CORPUS_VERSION` and the files' sizes still match the manifest.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Bump when a generator changes, so cached files are regenerated. */
export const CORPUS_VERSION = 1;

/** mulberry32: small, fast, and the same sequence on every platform. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

/**
 * A float as Go's `strconv.FormatFloat(x, 'g', -1, 64)` writes it, which is what the Go
 * client libraries expose: shortest digits, exponent form below 1e-4 or from 1e6 up,
 * with a two-digit exponent (`1.2345e+09`, `2.4e-05`, `1e+06`).
 */
export function goFloat(x) {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return '0';
  const [mantissa, exp] = x.toExponential().split('e');
  const e = Number(exp);
  if (e < -4 || e >= 6) {
    const sign = e < 0 ? '-' : '+';
    const digits = String(Math.abs(e)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(x);
}

/** Escapes a label value the way the text format requires. */
function escapeLabel(s) {
  return s.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** Escapes HELP text: backslash and newline only. */
function escapeHelp(s) {
  return s.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
}

/** Writes families and samples through `write`, counting both. */
class Writer {
  constructor(write) {
    this.write = write;
    this.families = 0;
    this.series = 0;
  }
  family(name, type, help) {
    this.families++;
    this.write(`# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`);
  }
  /** `labels` is a flat [name, value, ...] array of raw (unescaped) values. */
  sample(name, labels, value, timestampMs) {
    this.series++;
    let line = name;
    if (labels.length > 0) {
      line += '{';
      for (let i = 0; i < labels.length; i += 2) {
        if (i > 0) line += ',';
        line += `${labels[i]}="${escapeLabel(labels[i + 1])}"`;
      }
      line += '}';
    }
    line += ` ${typeof value === 'string' ? value : goFloat(value)}`;
    if (timestampMs !== undefined) line += ` ${timestampMs}`;
    this.write(`${line}\n`);
  }
  /** A histogram metric: cumulative buckets (with +Inf), `_sum`, `_count`. */
  histogram(name, labels, bounds, r, scale) {
    let count = 0;
    for (const le of bounds) {
      count += r.int(scale);
      this.sample(`${name}_bucket`, [...labels, 'le', goFloat(le)], count);
    }
    count += r.int(Math.max(1, scale >> 3));
    this.sample(`${name}_bucket`, [...labels, 'le', '+Inf'], count);
    this.sample(`${name}_sum`, labels, count * bounds[bounds.length >> 1] * (0.3 + r.next()));
    this.sample(`${name}_count`, labels, count);
  }
  /** A summary metric: quantiles, `_sum`, `_count`. */
  summary(name, labels, quantiles, r, scale) {
    let v = scale * r.next() * 0.1;
    for (const q of quantiles) {
      v = Number((v + scale * r.next() * (q === 1 ? 5 : 1)).toPrecision(5));
      this.sample(name, [...labels, 'quantile', String(q)], v);
    }
    const count = 1000 + r.int(1e6);
    this.sample(`${name}_sum`, labels, count * v * 0.4);
    this.sample(`${name}_count`, labels, count);
  }
}

// A random float of a realistic shape: integer, short decimal, long decimal or large.
function realistic(r) {
  const k = r.int(6);
  if (k === 0) return r.int(100);
  if (k === 1) return r.int(100000);
  if (k === 2) return Math.round(r.next() * 1e5) / 100;
  if (k === 3) return r.next() * 1000;
  if (k === 4) return Math.round(r.next() * 1e12); // 1.2345e+11-like
  return r.next() * 1e-3;
}

/**
 * About 2,000 series shaped like one scrape of node_exporter 1.x on a 32-CPU host:
 * HELP and TYPE for every family; `go_*` runtime families including the summary
 * `go_gc_duration_seconds` (quantiles 0, 0.25, 0.5, 0.75, 1) and the histograms
 * `go_gc_pauses_seconds` / `go_sched_latencies_seconds`; `node_cpu_seconds_total{cpu,mode}`;
 * per-disk, per-filesystem and per-interface counters and gauges; memory, netstat and
 * vmstat gauges; scrape collector gauges; `process_*`; and an HTTP handler histogram.
 * Values mix integers, decimals and Go exponent notation (`1.6658989056e+10`).
 */
export function nodeExporterCorpus(write) {
  const r = prng(0x6e6f6465);
  const w = new Writer(write);
  const cpus = 32;

  // Go runtime.
  w.family('go_gc_duration_seconds', 'summary', 'A summary of the pause duration of garbage collection cycles.');
  w.summary('go_gc_duration_seconds', [], [0, 0.25, 0.5, 0.75, 1], r, 4e-5);
  const pauseBounds = [6.4e-8, 6.4e-7, 4.096e-6, 3.2768e-5, 0.000262144, 0.002097152, 0.016777216, 0.134217728, 1.073741824, 8.589934592];
  w.family('go_gc_pauses_seconds', 'histogram', 'Distribution of individual GC-related stop-the-world pause latencies.');
  w.histogram('go_gc_pauses_seconds', [], pauseBounds, r, 300);
  w.family(
    'go_sched_latencies_seconds',
    'histogram',
    'Distribution of the time goroutines have spent in the scheduler in a runnable state before actually running.',
  );
  w.histogram('go_sched_latencies_seconds', [], pauseBounds, r, 3000);
  w.family('go_goroutines', 'gauge', 'Number of goroutines that currently exist.');
  w.sample('go_goroutines', [], 8);
  w.family('go_info', 'gauge', 'Information about the Go environment.');
  w.sample('go_info', ['version', 'go1.21.4'], 1);
  const memstats = [
    ['alloc_bytes', 'gauge', 'Number of bytes allocated and still in use.'],
    ['alloc_bytes_total', 'counter', 'Total number of bytes allocated, even if freed.'],
    ['buck_hash_sys_bytes', 'gauge', 'Number of bytes used by the profiling bucket hash table.'],
    ['frees_total', 'counter', 'Total number of frees.'],
    ['gc_sys_bytes', 'gauge', 'Number of bytes used for garbage collection system metadata.'],
    ['heap_alloc_bytes', 'gauge', 'Number of heap bytes allocated and still in use.'],
    ['heap_idle_bytes', 'gauge', 'Number of heap bytes waiting to be used.'],
    ['heap_inuse_bytes', 'gauge', 'Number of heap bytes that are in use.'],
    ['heap_objects', 'gauge', 'Number of allocated objects.'],
    ['heap_released_bytes', 'gauge', 'Number of heap bytes released to OS.'],
    ['heap_sys_bytes', 'gauge', 'Number of heap bytes obtained from system.'],
    ['last_gc_time_seconds', 'gauge', 'Number of seconds since 1970 of last garbage collection.'],
    ['lookups_total', 'counter', 'Total number of pointer lookups.'],
    ['mallocs_total', 'counter', 'Total number of mallocs.'],
    ['mcache_inuse_bytes', 'gauge', 'Number of bytes in use by mcache structures.'],
    ['mcache_sys_bytes', 'gauge', 'Number of bytes used for mcache structures obtained from system.'],
    ['mspan_inuse_bytes', 'gauge', 'Number of bytes in use by mspan structures.'],
    ['mspan_sys_bytes', 'gauge', 'Number of bytes used for mspan structures obtained from system.'],
    ['next_gc_bytes', 'gauge', 'Number of heap bytes when next garbage collection will take place.'],
    ['other_sys_bytes', 'gauge', 'Number of bytes used for other system allocations.'],
    ['stack_inuse_bytes', 'gauge', 'Number of bytes in use by the stack allocator.'],
    ['stack_sys_bytes', 'gauge', 'Number of bytes obtained from system for stack allocator.'],
    ['sys_bytes', 'gauge', 'Number of bytes obtained from system.'],
  ];
  for (const [suffix, type, help] of memstats) {
    const name = `go_memstats_${suffix}`;
    w.family(name, type, help);
    w.sample(name, [], suffix === 'last_gc_time_seconds' ? 1.7000012345678e9 + r.next() : Math.round(r.next() * 3e7));
  }
  w.family('go_threads', 'gauge', 'Number of OS threads created.');
  w.sample('go_threads', [], 12);

  // Host.
  w.family('node_arp_entries', 'gauge', 'ARP entries by device');
  w.sample('node_arp_entries', ['device', 'eth0'], 4);
  w.family('node_boot_time_seconds', 'gauge', 'Node boot time, in unixtime.');
  w.sample('node_boot_time_seconds', [], 1699871234);
  w.family('node_context_switches_total', 'counter', 'Total number of context switches.');
  w.sample('node_context_switches_total', [], 9.87654321e9 * r.next());
  w.family('node_cpu_guest_seconds_total', 'counter', 'Seconds the CPUs spent in guests (VMs) for each mode.');
  for (let cpu = 0; cpu < cpus; cpu++) {
    for (const mode of ['nice', 'user']) w.sample('node_cpu_guest_seconds_total', ['cpu', String(cpu), 'mode', mode], 0);
  }
  w.family('node_cpu_seconds_total', 'counter', 'Seconds the CPUs spent in each mode.');
  const modes = ['idle', 'iowait', 'irq', 'nice', 'softirq', 'steal', 'system', 'user'];
  for (let cpu = 0; cpu < cpus; cpu++) {
    for (const mode of modes) {
      const base = mode === 'idle' ? 1.2e6 : mode === 'user' || mode === 'system' ? 5e4 : 300;
      w.sample('node_cpu_seconds_total', ['cpu', String(cpu), 'mode', mode], Math.round(base * (0.5 + r.next()) * 100) / 100);
    }
  }
  const cpuFreq = ['node_cpu_scaling_frequency_hertz', 'node_cpu_scaling_frequency_max_hertz', 'node_cpu_scaling_frequency_min_hertz'];
  for (const name of cpuFreq) {
    w.family(name, 'gauge', 'Current scaled CPU thread frequency in hertz.');
    for (let cpu = 0; cpu < cpus; cpu++) w.sample(name, ['cpu', String(cpu)], (2 + r.int(30) / 10) * 1e9);
  }

  const disks = ['nvme0n1', 'nvme1n1', 'sda', 'sdb', 'dm-0', 'dm-1'];
  const diskFamilies = [
    ['node_disk_discard_time_seconds_total', 'counter', 'This is the total number of seconds spent by all discards.'],
    ['node_disk_discarded_sectors_total', 'counter', 'The total number of sectors discarded successfully.'],
    ['node_disk_discards_completed_total', 'counter', 'The total number of discards completed successfully.'],
    ['node_disk_discards_merged_total', 'counter', 'The total number of discards merged.'],
    ['node_disk_flush_requests_time_seconds_total', 'counter', 'This is the total number of seconds spent by all flush requests.'],
    ['node_disk_flush_requests_total', 'counter', 'The total number of flush requests completed successfully'],
    ['node_disk_io_now', 'gauge', 'The number of I/Os currently in progress.'],
    ['node_disk_io_time_seconds_total', 'counter', 'Total seconds spent doing I/Os.'],
    ['node_disk_io_time_weighted_seconds_total', 'counter', 'The weighted # of seconds spent doing I/Os.'],
    ['node_disk_read_bytes_total', 'counter', 'The total number of bytes read successfully.'],
    ['node_disk_read_time_seconds_total', 'counter', 'The total number of seconds spent by all reads.'],
    ['node_disk_reads_completed_total', 'counter', 'The total number of reads completed successfully.'],
    ['node_disk_reads_merged_total', 'counter', 'The total number of reads merged.'],
    ['node_disk_write_time_seconds_total', 'counter', 'This is the total number of seconds spent by all writes.'],
    ['node_disk_writes_completed_total', 'counter', 'The total number of writes completed successfully.'],
    ['node_disk_writes_merged_total', 'counter', 'The number of writes merged.'],
    ['node_disk_written_bytes_total', 'counter', 'The total number of bytes written successfully.'],
  ];
  w.family('node_disk_info', 'gauge', 'Info of /sys/block/<block_device>.');
  for (const device of disks) {
    w.sample(
      'node_disk_info',
      [
        'device',
        device,
        'major',
        '259',
        'minor',
        String(r.int(8)),
        'model',
        'Samsung SSD 980 PRO 1TB',
        'path',
        `pci-0000:0${r.int(9)}:00.0-nvme-1`,
        'revision',
        '5B2QGXA7',
        'serial',
        `S5GXNF0R${100000 + r.int(900000)}`,
      ],
      1,
    );
  }
  for (const [name, type, help] of diskFamilies) {
    w.family(name, type, help);
    for (const device of disks) w.sample(name, ['device', device], name.endsWith('_now') ? r.int(4) : realistic(r));
  }

  const mounts = [
    ['/dev/nvme0n1p2', 'ext4', '/'],
    ['/dev/nvme0n1p1', 'vfat', '/boot/efi'],
    ['/dev/nvme1n1', 'xfs', '/var/lib/docker'],
    ['/dev/mapper/vg0-home', 'ext4', '/home'],
    ['tmpfs', 'tmpfs', '/run'],
    ['tmpfs', 'tmpfs', '/run/lock'],
    ['tmpfs', 'tmpfs', '/run/user/1000'],
    ['/dev/sda1', 'ext4', '/mnt/backup'],
    ['/dev/sdb1', 'btrfs', '/srv/data'],
  ];
  const fsFamilies = [
    ['node_filesystem_avail_bytes', 'Filesystem space available to non-root users in bytes.'],
    ['node_filesystem_device_error', 'Whether an error occurred while getting statistics for the given device.'],
    ['node_filesystem_files', 'Filesystem total file nodes.'],
    ['node_filesystem_files_free', 'Filesystem total free file nodes.'],
    ['node_filesystem_free_bytes', 'Filesystem free space in bytes.'],
    ['node_filesystem_readonly', 'Filesystem read-only status.'],
    ['node_filesystem_size_bytes', 'Filesystem size in bytes.'],
  ];
  for (const [name, help] of fsFamilies) {
    w.family(name, 'gauge', help);
    for (const [device, fstype, mountpoint] of mounts) {
      const v = name.endsWith('error') || name.endsWith('readonly') ? 0 : Math.round(r.next() * 5e11);
      w.sample(name, ['device', device, 'fstype', fstype, 'mountpoint', mountpoint], v);
    }
  }

  w.family('node_load1', 'gauge', '1m load average.');
  w.sample('node_load1', [], 0.52);
  w.family('node_load15', 'gauge', '15m load average.');
  w.sample('node_load15', [], 0.31);
  w.family('node_load5', 'gauge', '5m load average.');
  w.sample('node_load5', [], 0.4);

  const memFields = [
    'Active',
    'Active_anon',
    'Active_file',
    'AnonHugePages',
    'AnonPages',
    'Bounce',
    'Buffers',
    'Cached',
    'CommitLimit',
    'Committed_AS',
    'DirectMap1G',
    'DirectMap2M',
    'DirectMap4k',
    'Dirty',
    'FileHugePages',
    'FilePmdMapped',
    'HardwareCorrupted',
    'HugePages_Free',
    'HugePages_Rsvd',
    'HugePages_Surp',
    'HugePages_Total',
    'Hugepagesize',
    'Hugetlb',
    'Inactive',
    'Inactive_anon',
    'Inactive_file',
    'KReclaimable',
    'KernelStack',
    'Mapped',
    'MemAvailable',
    'MemFree',
    'MemTotal',
    'Mlocked',
    'NFS_Unstable',
    'PageTables',
    'Percpu',
    'SReclaimable',
    'SUnreclaim',
    'ShmemHugePages',
    'ShmemPmdMapped',
    'Shmem',
    'Slab',
    'SwapCached',
    'SwapFree',
    'SwapTotal',
    'Unevictable',
    'VmallocChunk',
    'VmallocTotal',
    'VmallocUsed',
    'Writeback',
    'WritebackTmp',
    'Zswap',
    'Zswapped',
  ];
  for (const field of memFields) {
    const name = field.startsWith('HugePages_') ? `node_memory_${field}` : `node_memory_${field}_bytes`;
    w.family(name, 'gauge', `Memory information field ${field}${name.endsWith('_bytes') ? '_bytes' : ''}.`);
    w.sample(name, [], r.chance(0.15) ? 0 : Math.round((r.next() * 3.3e10) / 4096) * 4096);
  }

  const ifaces = ['lo', 'eth0', 'eth1', 'docker0', 'br-3f2a9c1d7e40', 'veth1a2b3c4', 'veth5d6e7f8', 'wlp2s0'];
  const netFamilies = [
    ['receive_bytes_total', 'Network device statistic receive_bytes.'],
    ['receive_compressed_total', 'Network device statistic receive_compressed.'],
    ['receive_drop_total', 'Network device statistic receive_drop.'],
    ['receive_errs_total', 'Network device statistic receive_errs.'],
    ['receive_fifo_total', 'Network device statistic receive_fifo.'],
    ['receive_frame_total', 'Network device statistic receive_frame.'],
    ['receive_multicast_total', 'Network device statistic receive_multicast.'],
    ['receive_packets_total', 'Network device statistic receive_packets.'],
    ['transmit_bytes_total', 'Network device statistic transmit_bytes.'],
    ['transmit_carrier_total', 'Network device statistic transmit_carrier.'],
    ['transmit_colls_total', 'Network device statistic transmit_colls.'],
    ['transmit_compressed_total', 'Network device statistic transmit_compressed.'],
    ['transmit_drop_total', 'Network device statistic transmit_drop.'],
    ['transmit_errs_total', 'Network device statistic transmit_errs.'],
    ['transmit_fifo_total', 'Network device statistic transmit_fifo.'],
    ['transmit_packets_total', 'Network device statistic transmit_packets.'],
  ];
  w.family('node_network_info', 'gauge', 'Non-numeric data from /sys/class/net/<iface>, value is always 1.');
  for (const device of ifaces) {
    const mac = Array.from({ length: 6 }, () => r.int(256).toString(16).padStart(2, '0')).join(':');
    w.sample(
      'node_network_info',
      [
        'address',
        mac,
        'adminstate',
        'up',
        'broadcast',
        'ff:ff:ff:ff:ff:ff',
        'device',
        device,
        'duplex',
        'full',
        'ifalias',
        '',
        'operstate',
        device === 'lo' ? 'unknown' : 'up',
      ],
      1,
    );
  }
  for (const [suffix, help] of netFamilies) {
    const name = `node_network_${suffix}`;
    w.family(name, 'counter', help);
    for (const device of ifaces) w.sample(name, ['device', device], suffix.includes('bytes') ? Math.round(r.next() * 4e12) : r.int(5) === 0 ? r.int(50) : 0);
  }
  const netGauges = [
    'carrier',
    'dormant',
    'flags',
    'iface_id',
    'iface_link',
    'iface_link_mode',
    'mtu_bytes',
    'net_dev_group',
    'protocol_type',
    'speed_bytes',
    'transmit_queue_length',
    'up',
  ];
  for (const suffix of netGauges) {
    const name = `node_network_${suffix}`;
    w.family(name, 'gauge', `Network device property: ${suffix}`);
    for (const device of ifaces) w.sample(name, ['device', device], suffix === 'mtu_bytes' ? 1500 : suffix === 'speed_bytes' ? 1.25e8 : r.int(4));
  }

  const netstat = [
    'Icmp6_InErrors',
    'Icmp6_InMsgs',
    'Icmp6_OutMsgs',
    'Icmp_InErrors',
    'Icmp_InMsgs',
    'Icmp_OutMsgs',
    'Ip6_InOctets',
    'Ip6_OutOctets',
    'IpExt_InOctets',
    'IpExt_OutOctets',
    'Ip_Forwarding',
    'TcpExt_ListenDrops',
    'TcpExt_ListenOverflows',
    'TcpExt_SyncookiesFailed',
    'TcpExt_SyncookiesRecv',
    'TcpExt_SyncookiesSent',
    'TcpExt_TCPSynRetrans',
    'TcpExt_TCPTimeouts',
    'Tcp_ActiveOpens',
    'Tcp_CurrEstab',
    'Tcp_InErrs',
    'Tcp_InSegs',
    'Tcp_OutRsts',
    'Tcp_OutSegs',
    'Tcp_PassiveOpens',
    'Tcp_RetransSegs',
    'Udp6_InDatagrams',
    'Udp6_InErrors',
    'Udp6_NoPorts',
    'Udp6_OutDatagrams',
    'Udp6_RcvbufErrors',
    'Udp6_SndbufErrors',
    'UdpLite6_InErrors',
    'UdpLite_InErrors',
    'Udp_InDatagrams',
    'Udp_InErrors',
    'Udp_NoPorts',
    'Udp_OutDatagrams',
    'Udp_RcvbufErrors',
    'Udp_SndbufErrors',
  ];
  for (const field of netstat) {
    const name = `node_netstat_${field}`;
    const [proto, stat] = field.split('_');
    w.family(name, 'untyped', `Statistic ${proto}${stat}.`);
    w.sample(name, [], realistic(r) | 0);
  }

  w.family('node_schedstat_running_seconds_total', 'counter', 'Number of seconds CPU spent running a process.');
  for (let cpu = 0; cpu < cpus; cpu++) w.sample('node_schedstat_running_seconds_total', ['cpu', String(cpu)], r.next() * 2e5);
  w.family('node_schedstat_timeslices_total', 'counter', 'Number of timeslices executed by CPU.');
  for (let cpu = 0; cpu < cpus; cpu++) w.sample('node_schedstat_timeslices_total', ['cpu', String(cpu)], Math.round(r.next() * 5e9));
  w.family('node_schedstat_waiting_seconds_total', 'counter', 'Number of seconds spent by processing waiting for this CPU.');
  for (let cpu = 0; cpu < cpus; cpu++) w.sample('node_schedstat_waiting_seconds_total', ['cpu', String(cpu)], r.next() * 1e4);
  for (const stat of ['dropped', 'processed', 'times_squeezed']) {
    const name = `node_softnet_${stat}_total`;
    w.family(name, 'counter', `Number of ${stat.replace('_', ' ')} packets`);
    for (let cpu = 0; cpu < cpus; cpu++) w.sample(name, ['cpu', String(cpu)], stat === 'processed' ? Math.round(r.next() * 5e7) : r.int(3));
  }

  // Hardware monitoring: a few chips, several sensors each.
  const chips = [
    ['platform_coretemp_0', 'coretemp-isa-0000', 9],
    ['pci0000:00_0000:00:18_3', 'k10temp-pci-00c3', 3],
    ['nvme_nvme0', 'nvme-pci-0100', 3],
    ['acpitz', 'acpitz-acpi-0', 2],
  ];
  w.family('node_hwmon_chip_names', 'gauge', 'Annotation metric for human-readable chip names');
  for (const [chip, chipName] of chips) w.sample('node_hwmon_chip_names', ['chip', chip, 'chip_name', chipName], 1);
  for (const [name, help] of [
    ['node_hwmon_temp_celsius', 'Hardware monitor for temperature (input)'],
    ['node_hwmon_temp_crit_alarm_celsius', 'Hardware monitor for temperature (crit_alarm)'],
    ['node_hwmon_temp_crit_celsius', 'Hardware monitor for temperature (crit)'],
    ['node_hwmon_temp_max_celsius', 'Hardware monitor for temperature (max)'],
  ]) {
    w.family(name, 'gauge', help);
    for (const [chip, , sensors] of chips) {
      for (let s = 1; s <= sensors; s++) w.sample(name, ['chip', chip, 'sensor', `temp${s}`], name.includes('alarm') ? 0 : 20 + r.int(800) / 10);
    }
  }

  // The interrupts collector: one series per CPU and interrupt line.
  const irqs = [
    ['0', 'IO-APIC', '2-edge', 'timer'],
    ['8', 'IO-APIC', '8-edge', 'rtc0'],
    ['9', 'IO-APIC', '9-fasteoi', 'acpi'],
    ['120', 'PCI-MSI', '327680-edge', 'xhci_hcd'],
    ['121', 'PCI-MSI', '524288-edge', 'nvme0q0'],
    ['LOC', '', '', 'Local timer interrupts'],
    ['RES', '', '', 'Rescheduling interrupts'],
    ['CAL', '', '', 'Function call interrupts'],
    ['TLB', '', '', 'TLB shootdowns'],
    ['NMI', '', '', 'Non-maskable interrupts'],
  ];
  w.family('node_interrupts_total', 'counter', 'Interrupt details.');
  for (const [type, info, edge, devices] of irqs) {
    for (let cpu = 0; cpu < cpus; cpu++) {
      w.sample(
        'node_interrupts_total',
        ['cpu', String(cpu), 'devices', devices, 'info', info ? `${info}-${edge}` : '', 'type', type],
        r.int(3) === 0 ? 0 : Math.round(r.next() * 1e8),
      );
    }
  }

  const vmstat = ['oom_kill', 'pgfault', 'pgmajfault', 'pgpgin', 'pgpgout', 'pswpin', 'pswpout'];
  for (const field of vmstat) {
    const name = `node_vmstat_${field}`;
    w.family(name, 'untyped', `/proc/vmstat information field ${field}.`);
    w.sample(name, [], Math.round(r.next() * 3e9));
  }

  // Systemd units, a large info-like family as on real hosts.
  const units = [];
  for (const base of [
    'accounts-daemon',
    'apparmor',
    'containerd',
    'cron',
    'dbus',
    'docker',
    'getty@tty1',
    'kmod-static-nodes',
    'networkd-dispatcher',
    'polkit',
    'rsyslog',
    'snapd',
    'ssh',
    'systemd-journald',
    'systemd-logind',
    'systemd-networkd',
    'systemd-resolved',
    'systemd-timesyncd',
    'systemd-udevd',
    'thermald',
    'udisks2',
    'unattended-upgrades',
    'user@1000',
    'node_exporter',
    'prometheus',
    'grafana-server',
    'nginx',
    'postgresql@15-main',
    'redis-server',
    'fwupd',
  ]) {
    units.push(`${base}.service`);
  }
  w.family('node_systemd_unit_state', 'gauge', 'Systemd unit');
  for (const unit of units) {
    const active = r.int(4) > 0 ? 'active' : 'inactive';
    for (const state of ['activating', 'active', 'deactivating', 'failed', 'inactive']) {
      w.sample('node_systemd_unit_state', ['name', unit, 'state', state, 'type', r.pick(['simple', 'forking', 'notify', 'oneshot'])], state === active ? 1 : 0);
    }
  }

  w.family('node_textfile_scrape_error', 'gauge', '1 if there was an error opening or reading a file, 0 otherwise');
  w.sample('node_textfile_scrape_error', [], 0);
  w.family('node_time_seconds', 'gauge', 'System time in seconds since epoch (1970).');
  w.sample('node_time_seconds', [], 1700000000.123456);
  w.family('node_uname_info', 'gauge', 'Labeled system information as provided by the uname system call.');
  w.sample(
    'node_uname_info',
    [
      'domainname',
      '(none)',
      'machine',
      'x86_64',
      'nodename',
      'web-01.prod.example.com',
      'release',
      '6.5.0-14-generic',
      'sysname',
      'Linux',
      'version',
      '#14~22.04.1-Ubuntu SMP PREEMPT_DYNAMIC Mon Nov 20 18:15:30 UTC 2',
    ],
    1,
  );

  const collectors = [
    'arp',
    'bcache',
    'bonding',
    'btrfs',
    'conntrack',
    'cpu',
    'cpufreq',
    'diskstats',
    'dmi',
    'edac',
    'entropy',
    'fibrechannel',
    'filefd',
    'filesystem',
    'hwmon',
    'infiniband',
    'ipvs',
    'loadavg',
    'mdadm',
    'meminfo',
    'netclass',
    'netdev',
    'netstat',
    'nfs',
    'nfsd',
    'nvme',
    'os',
    'powersupplyclass',
    'pressure',
    'rapl',
    'schedstat',
    'selinux',
    'sockstat',
    'softnet',
    'stat',
    'systemd',
    'tapestats',
    'textfile',
    'thermal_zone',
    'time',
    'timex',
    'udp_queues',
    'uname',
    'vmstat',
    'xfs',
    'zfs',
  ];
  w.family('node_scrape_collector_duration_seconds', 'gauge', 'node_exporter: Duration of a collector scrape.');
  for (const c of collectors) w.sample('node_scrape_collector_duration_seconds', ['collector', c], r.next() * r.pick([1e-4, 1e-3, 1e-2, 0.2]));
  w.family('node_scrape_collector_success', 'gauge', 'node_exporter: Whether a collector succeeded.');
  for (const c of collectors) w.sample('node_scrape_collector_success', ['collector', c], r.int(10) === 0 ? 0 : 1);

  w.family('process_cpu_seconds_total', 'counter', 'Total user and system CPU time spent in seconds.');
  w.sample('process_cpu_seconds_total', [], 1234.56);
  w.family('process_max_fds', 'gauge', 'Maximum number of open file descriptors.');
  w.sample('process_max_fds', [], 1048576);
  w.family('process_open_fds', 'gauge', 'Number of open file descriptors.');
  w.sample('process_open_fds', [], 11);
  w.family('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.');
  w.sample('process_resident_memory_bytes', [], 2.4559616e7);
  w.family('process_start_time_seconds', 'gauge', 'Start time of the process since unix epoch in seconds.');
  w.sample('process_start_time_seconds', [], 1.69987144812e9);
  w.family('process_virtual_memory_bytes', 'gauge', 'Virtual memory size in bytes.');
  w.sample('process_virtual_memory_bytes', [], 7.38189312e8);

  // An instrumented HTTP handler: one histogram metric per handler and code.
  const latencyBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  w.family('promhttp_metric_handler_request_duration_seconds', 'histogram', 'Histogram of latencies for HTTP requests.');
  for (const handler of ['/metrics', '/-/healthy', '/-/ready', '/api/v1/targets']) {
    for (const code of ['200', '500', '503']) {
      w.histogram('promhttp_metric_handler_request_duration_seconds', ['code', code, 'handler', handler], latencyBounds, r, 400);
    }
  }
  w.family('promhttp_metric_handler_requests_in_flight', 'gauge', 'Current number of scrapes being served.');
  w.sample('promhttp_metric_handler_requests_in_flight', [], 1);
  w.family('promhttp_metric_handler_requests_total', 'counter', 'Total number of scrapes by HTTP status code.');
  for (const code of ['200', '500', '503']) w.sample('promhttp_metric_handler_requests_total', ['code', code], code === '200' ? 123456 : r.int(3));

  return { families: w.families, series: w.series };
}

const CITIES = ['Zürich', 'São Paulo', '東京', 'Москва', 'القاهرة', 'Kraków', 'München', 'Reykjavík', '서울', 'Ciudad de México', 'İstanbul', 'Đà Nẵng'];
const TEAMS = ['plateforme-données', 'équipe café ☕', 'backend 🚀', 'infra', 'ρυθμίσεις', 'search', 'payments-ü'];
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'curl/8.4.0',
  'Go-http-client/2.0',
  'Prometheus/2.48.0',
  'kube-probe/1.28',
];
const ERRORS = [
  '',
  '',
  '',
  'connection refused: dial tcp 10.0.3.17:5432: connect: "db-primary" unreachable',
  'context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
  'invalid JSON at line 3: unexpected token "}" in object',
  'panic: runtime error: index out of range [5] with length 5\n\ngoroutine 17 [running]:\nmain.handler(0xc000126000)\n\t/src/app/handler.go:42 +0x1d4',
  'open C:\\ProgramData\\App\\cache\\index.db: The process cannot access the file',
  'upstream said: "503 Service Unavailable" — retrying in 2s',
];
const PATH_SEGMENTS = ['api', 'v1', 'v2', 'users', 'orders', 'items', 'search', 'reports', 'export', 'health', 'admin', 'billing', 'invoices'];

/**
 * About 40 MB of high-cardinality series: 80 counter/gauge families, one histogram and one
 * summary family every twenty, each with several hundred series of 11-14 labels and long
 * values (pod names, request paths with query strings, user agents, trace ids, Windows
 * paths with `\\`, error messages with `\"` and multi-line stack traces with `\n`, city
 * and team names in UTF-8 including non-BMP emoji). About a third of the samples carry a
 * millisecond timestamp. The whole file is one contiguous run per family.
 */
export function highCardinalityCorpus(write, targetBytes = 40e6) {
  const r = prng(0x68636172);
  const w = new Writer(write);
  let bytes = 0;
  const counted = (s) => {
    bytes += Buffer.byteLength(s);
    write(s);
  };
  w.write = counted;
  const kinds = ['counter', 'gauge'];
  for (let f = 0; bytes < targetBytes; f++) {
    const kind = f % 20 === 7 ? 'histogram' : f % 20 === 13 ? 'summary' : kinds[f % 2];
    const base = `${r.pick(['http', 'grpc', 'app', 'queue', 'cache', 'db'])}_${r.pick(['server', 'client', 'worker', 'proxy'])}_${r.pick(['requests', 'errors', 'latency', 'inflight', 'bytes', 'retries'])}_${f}`;
    const name = kind === 'counter' ? `${base}_total` : kind === 'histogram' || kind === 'summary' ? `${base}_seconds` : base;
    w.family(name, kind, `Per-request ${kind} for ${base} with full request context.\nLabels are long on purpose; paths use \\ separators on Windows hosts.`);
    const count = kind === 'histogram' || kind === 'summary' ? 60 : 400 + r.int(400);
    for (let s = 0; s < count; s++) {
      const segments = 2 + r.int(5);
      let route = '';
      for (let k = 0; k < segments; k++) route += `/${r.chance(0.3) ? r.int(1e7) : r.pick(PATH_SEGMENTS)}`;
      if (r.chance(0.4)) route += `?page=${r.int(100)}&sort=${r.pick(['-created_at', 'name', 'id'])}&q=${r.pick(['a%20b', 'caf%C3%A9', 'x'])}`;
      const labels = [
        'cluster',
        r.pick(['prod-eu-west-1', 'prod-us-east-2', 'staging-ap-south-1']),
        'namespace',
        r.pick(['default', 'payments', 'search', 'kube-system', 'monitoring']),
        'pod',
        `${r.pick(['api-gateway', 'checkout', 'search-indexer', 'billing-worker'])}-${(r.int(1 << 30)).toString(16)}-${(r.int(1 << 25)).toString(36)}`,
        'container',
        r.pick(['app', 'istio-proxy', 'sidecar-logger']),
        'instance',
        `10.${r.int(256)}.${r.int(256)}.${r.int(256)}:${8000 + r.int(1000)}`,
        'method',
        r.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']),
        'route',
        route,
        'status',
        String(r.pick([200, 200, 200, 201, 204, 301, 400, 404, 500, 503])),
        'user_agent',
        r.pick(AGENTS),
        'city',
        r.pick(CITIES),
        'team',
        r.pick(TEAMS),
      ];
      if (r.chance(0.5))
        labels.push(
          'trace_id',
          Array.from({ length: 4 }, () =>
            r
              .int(2 ** 31)
              .toString(16)
              .padStart(8, '0'),
          ).join(''),
        );
      const error = r.pick(ERRORS);
      if (error !== '') labels.push('error', error);
      if (r.chance(0.3)) labels.push('binary', `C:\\Program Files\\${r.pick(['Acme', 'Contoso'])}\\bin\\worker-${r.int(99)}.exe`);
      if (kind === 'histogram') {
        w.histogram(name, labels, [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], r, 300);
      } else if (kind === 'summary') {
        w.summary(name, labels, [0.5, 0.9, 0.99], r, 0.2);
      } else {
        const ts = r.chance(1 / 3) ? 1700000000000 + r.int(86400000) : undefined;
        w.sample(name, labels, realistic(r), ts);
      }
    }
  }
  return { families: w.families, series: w.series };
}

/**
 * One million series (about 85 MB) over 1,000 families of 1,000 series each, so that a
 * streaming parse holds one family at a time: 800 counter/gauge families (1,000 label
 * sets each), 100 histograms (100 label sets x 7 buckets, +Inf, _sum, _count) and 100
 * summaries (200 label sets x 3 quantiles, _sum, _count). Labels are short and typical
 * of a federation or remote scrape: instance, job and a per-family dimension.
 */
export function millionSeriesCorpus(write) {
  const r = prng(0x316d);
  const w = new Writer(write);
  const jobs = ['api', 'node', 'kube', 'pg', 'redis', 'envoy', 'probe'];
  const dims = ['code', 'method', 'shard', 'queue', 'endpoint'];
  const bounds = [0.005, 0.025, 0.1, 0.25, 1, 2.5, 10];
  for (let f = 0; f < 1000; f++) {
    const kind = f % 10 === 3 ? 'histogram' : f % 10 === 7 ? 'summary' : f % 2 === 0 ? 'counter' : 'gauge';
    const stem = `${r.pick(['app', 'svc', 'batch', 'edge'])}_${r.pick(['requests', 'jobs', 'conns', 'bytes', 'ops'])}_${String(f).padStart(4, '0')}`;
    const name = kind === 'counter' ? `${stem}_total` : kind === 'gauge' ? stem : `${stem}_seconds`;
    w.family(name, kind, `Synthetic ${kind} family number ${f}.`);
    const dim = dims[f % dims.length];
    const sets = kind === 'histogram' ? 100 : kind === 'summary' ? 200 : 1000;
    for (let s = 0; s < sets; s++) {
      const labels = ['instance', `10.${(s >> 8) & 255}.${s & 255}.${f & 255}:9100`, 'job', jobs[(f + s) % jobs.length], dim, `${dim.slice(0, 1)}${s % 97}`];
      if (kind === 'histogram') w.histogram(name, labels, bounds, r, 1000);
      else if (kind === 'summary') w.summary(name, labels, [0.5, 0.9, 0.99], r, 0.5);
      else w.sample(name, labels, realistic(r));
    }
  }
  return { families: w.families, series: w.series };
}

/** The corpora `run.mjs` measures, in order. */
export const CORPORA = [
  { name: 'node_exporter', file: 'node-exporter.prom', title: 'node_exporter-like scrape', generate: nodeExporterCorpus },
  { name: 'high_cardinality', file: 'high-cardinality.prom', title: 'high cardinality, escapes, UTF-8, timestamps', generate: highCardinalityCorpus },
  { name: 'million_series', file: 'million-series.prom', title: '1,000,000 series / 1,000 families', generate: millionSeriesCorpus },
];

/** Writes one corpus to `file` in ~1 MB pieces; returns its stats and size in bytes. */
export function writeCorpus(file, generate) {
  const fd = fs.openSync(file, 'w');
  let pending = [];
  let pendingLength = 0;
  const flush = () => {
    fs.writeSync(fd, pending.join(''));
    pending = [];
    pendingLength = 0;
  };
  try {
    const stats = generate((s) => {
      pending.push(s);
      pendingLength += s.length;
      if (pendingLength >= 1 << 20) flush();
    });
    flush();
    return { ...stats, bytes: fs.fstatSync(fd).size };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Makes sure every corpus exists in `dir`, generating missing or stale ones; returns the
 * manifest: per corpus its path, size in bytes, families and series.
 */
export function ensureCorpora(dir, log = () => {}) {
  fs.mkdirSync(dir, { recursive: true });
  const manifestPath = path.join(dir, 'manifest.json');
  let manifest = { version: CORPUS_VERSION, corpora: {} };
  try {
    const old = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    if (old.version === CORPUS_VERSION) manifest = old;
  } catch {
    // no manifest yet
  }
  let changed = false;
  for (const corpus of CORPORA) {
    const file = path.join(dir, corpus.file);
    const entry = manifest.corpora[corpus.name];
    let size = -1;
    try {
      size = fs.statSync(file).size;
    } catch {
      // missing
    }
    if (entry && entry.bytes === size) continue;
    log(`generating ${corpus.file} ...`);
    const started = performance.now();
    const stats = writeCorpus(file, corpus.generate);
    log(`  ${(stats.bytes / 1e6).toFixed(1)} MB, ${stats.series} series, ${stats.families} families in ${((performance.now() - started) / 1e3).toFixed(1)} s`);
    manifest.corpora[corpus.name] = stats;
    changed = true;
  }
  if (changed) fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return CORPORA.map((corpus) => ({ ...corpus, path: path.join(dir, corpus.file), ...manifest.corpora[corpus.name] }));
}
