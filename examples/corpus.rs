//! Writes a deterministic corpus of realistic incident postmortems, for benchmarks and for
//! checking pmlint end to end on thousands of documents.
//!
//!     cargo run --release --example corpus -- --n 10000 --out /tmp/pm-corpus \
//!         [--seed 7] [--manifest FILE] [--force]
//!
//! About 85% of the documents are Markdown (`.md`) and 15% plain text (`.txt`, with
//! `Issue Summary:` style label lines), spread over `<out>/<year>/<index>-<service>.<ext>`.
//! Every document is built from the seed and its own index only, so the first 100 documents
//! of a 10,000 corpus are the 100 corpus, byte for byte, and the same arguments always give
//! the same tree.
//!
//! About 12% of the documents carry exactly one planted inconsistency, named after the rule
//! that should report it: `entry-outside-window` (a year typo on a timeline entry),
//! `unknown-timezone` (WTC, TC, PTD), `window-inverted` (an end date before the start),
//! `duration-mismatch` (a stated length the window contradicts), `timeline-order` (an entry
//! earlier than the one before it) and `weekday-mismatch`. `--manifest FILE` lists them, one
//! JSON object per line: `{"file": "2023/00042-checkout-api.md", "defect": "...", "line": 17}`.
//! Every other document is meant to be clean: no error or warning under the default profile.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta, Timelike, Weekday};

const USAGE: &str = "usage: corpus --n N --out DIR [--seed S] [--manifest FILE] [--force]";
const DEFAULT_SEED: u64 = 7;
/// Share of documents written as Markdown, in percent.
const MARKDOWN_SHARE: u64 = 85;
/// Share of documents with one planted inconsistency, in per mille.
const DEFECT_SHARE: u64 = 120;
const YEARS: std::ops::RangeInclusive<i32> = 2019..=2024;

// ------------------------------------------------------------------------------- randomness

/// splitmix64: small, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn for_document(seed: u64, index: u64) -> Self {
        let mut rng = Rng(seed ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn text(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len() as u64) as usize]
    }

    /// `k` distinct items, in a random order.
    fn sample<'a, T>(&mut self, items: &'a [T], k: usize) -> Vec<&'a T> {
        let mut order: Vec<usize> = (0..items.len()).collect();
        for i in (1..order.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            order.swap(i, j);
        }
        order.iter().take(k).map(|&i| &items[i]).collect()
    }
}

// ------------------------------------------------------------------------------- vocabulary

struct Service {
    slug: &'static str,
    name: &'static str,
    /// What a share of failures counts ("About 12% of checkout requests failed").
    work: &'static str,
    /// What a user could not do.
    task: &'static str,
}

const fn svc(
    slug: &'static str,
    name: &'static str,
    work: &'static str,
    task: &'static str,
) -> Service {
    Service {
        slug,
        name,
        work,
        task,
    }
}

#[rustfmt::skip]
const SERVICES: &[Service] = &[
    svc("checkout-api", "checkout API", "checkout requests", "check out"),
    svc("payments-gateway", "payments gateway", "card payments", "pay by card"),
    svc("search-api", "search API", "search queries", "search the catalogue"),
    svc("auth-service", "authentication service", "login attempts", "sign in"),
    svc("cdn-edge", "CDN edge tier", "page loads", "load product pages"),
    svc("order-pipeline", "order pipeline", "orders", "place orders"),
    svc("profile-db", "profile database", "profile lookups", "open their account settings"),
    svc("notifications", "notification service", "push messages", "receive order updates"),
    svc("inventory-sync", "inventory sync workers", "inventory sync jobs", "see current stock levels"),
    svc("web-frontend", "web frontend", "page loads", "browse the site"),
    svc("mobile-gateway", "mobile API gateway", "mobile API calls", "use the mobile app"),
    svc("billing-worker", "billing workers", "invoice jobs", "download invoices"),
    svc("image-resizer", "image resizing service", "image uploads", "upload photos"),
    svc("session-store", "session store", "session lookups", "stay signed in"),
    svc("recommendations", "recommendation service", "recommendation requests", "see personalised suggestions"),
    svc("api-gateway", "public API gateway", "API calls", "reach the public API"),
    svc("ledger-db", "ledger database", "ledger transactions", "see their balance"),
    svc("k8s-prod", "production Kubernetes cluster", "deployments", "ship changes"),
    svc("dns-resolvers", "internal DNS resolvers", "DNS lookups", "reach internal tools"),
    svc("feature-flags", "feature flag service", "flag evaluations", "see the right features"),
    svc("email-sender", "transactional email sender", "email messages", "receive receipts"),
    svc("webhooks", "webhook dispatcher", "webhook calls", "receive webhooks"),
    svc("analytics-ingest", "analytics ingestion pipeline", "tracking events", "see fresh dashboards"),
    svc("video-transcoder", "video transcoding service", "transcode jobs", "publish videos"),
    svc("shipping-quotes", "shipping quote service", "quote requests", "see delivery prices"),
    svc("booking-api", "booking API", "booking requests", "book appointments"),
];

const TEAMS: &[&str] = &[
    "Payments",
    "Platform",
    "SRE",
    "Core Infrastructure",
    "Search",
    "Identity",
    "Storage",
    "Networking",
    "Data Platform",
    "Mobile",
    "Checkout",
    "Developer Experience",
    "Messaging",
];

const DEPENDENCIES: &[&str] = &[
    "PostgreSQL primary",
    "Redis cluster",
    "Kafka cluster",
    "Elasticsearch cluster",
    "object storage bucket",
    "MySQL replica set",
    "memcached pool",
    "internal service mesh",
    "Cassandra ring",
    "RabbitMQ broker",
];

const REGIONS: &[&str] = &[
    "eu-west-1",
    "us-east-2",
    "ap-northeast-1",
    "eu-central-1",
    "us-west-2",
    "ap-southeast-2",
    "sa-east-1",
    "ca-central-1",
];

const OWNERS: &[&str] = &[
    "Alice Chen",
    "Kofi Mensah",
    "Ines Garcia",
    "Dmitri Volkov",
    "Priya Nair",
    "Tom Becker",
    "Sofia Rossi",
    "Kenji Watanabe",
    "Amina Yusuf",
    "Lars Nilsson",
    "Rachel Cohen",
    "Arjun Mehta",
    "Claire Dubois",
    "Omar Haddad",
];

/// One way an incident happens. Placeholders: {svc}, {Svc}, {team}, {dep}, {ver}, {n}, {m},
/// {region}, {work}, {task}.
struct Cause {
    title: &'static [&'static str],
    summary: &'static str,
    lead: &'static str,
    start: &'static str,
    diagnose: &'static str,
    mitigate: &'static str,
    root: &'static [&'static str],
    fix: &'static str,
    actions: &'static [&'static str],
}

const CAUSES: &[Cause] = &[
    Cause {
        title: &[
            "{Svc} timeouts after a connection pool change",
            "Connection pool exhaustion on the {svc}",
        ],
        summary: "A configuration change lowered the size of the {svc}'s connection pool to the {dep} from {m} to {n} connections. Under normal load, requests queued for a free connection and many of them timed out before they reached the database.",
        lead: "Configuration change to the {svc} connection pool merged and rolled out",
        start: "Request latency on the {svc} starts climbing",
        diagnose: "Connection pool wait time on the {svc} identified as the bottleneck",
        mitigate: "Revert of the pool configuration rolled out to the first region",
        root: &[
            "The pool size for the {svc} was read from a shared defaults file. Another team lowered the default for a batch workload that only opens a handful of connections, and the {svc} picked up the new value on its next deploy because nothing pinned it.",
            "The change passed review because its diff only touched the defaults file, and the owners of the {svc} were not reviewers for that file. Our load tests run once a week, so the lower limit had not been exercised before it reached production.",
        ],
        fix: "We reverted the defaults file, restarted the {svc} pods so that they read the previous pool size, and then pinned the value in the service's own configuration so that a shared default can no longer change it.",
        actions: &[
            "Pin connection pool sizes in each service's own configuration",
            "Make the {team} team a required reviewer of the shared defaults file",
            "Alert on connection pool wait time for the {svc}",
        ],
    },
    Cause {
        title: &[
            "Expired TLS certificate on the {svc}",
            "{Svc} unreachable after a certificate expired",
        ],
        summary: "The TLS certificate served by the {svc} expired. Clients that validate certificates, which is nearly all of them, refused to connect until a new certificate was issued and deployed.",
        lead: "Certificate renewal job for the {svc} exits early without renewing",
        start: "TLS handshakes with the {svc} start failing as the certificate expires",
        diagnose: "Expired certificate confirmed on the {svc} load balancer",
        mitigate: "New certificate issued by hand and pushed to the load balancer nodes",
        root: &[
            "Certificates for the {svc} are renewed by a scheduled job that runs under its own service account. An access review {n} days earlier removed that account's write access to the secret store, and from then on every renewal attempt failed.",
            "The job logged the failure at debug level and exited with a success code, so neither the scheduler nor our alerting saw anything wrong. The certificate expiry dashboard existed, but nobody was paged from it.",
        ],
        fix: "We issued a new certificate by hand, deployed it to every load balancer node and confirmed the chain from several networks. The renewal job's permissions were restored the same day and it completed a renewal under supervision.",
        actions: &[
            "Page the owning team when any certificate is within 14 days of expiry",
            "Make the renewal job exit with an error when a renewal fails",
            "Add certificate renewal to the checklist for access reviews",
        ],
    },
    Cause {
        title: &[
            "Memory leak in {svc} release {ver}",
            "{Svc} restarts after release {ver}",
        ],
        summary: "Release {ver} of the {svc} introduced a memory leak. Under peak traffic the pods ran out of memory and were restarted every few minutes, and requests in flight on a restarting pod failed.",
        lead: "Release {ver} of the {svc} finishes rolling out",
        start: "First out-of-memory restarts of {svc} pods",
        diagnose: "Heap profile shows the new response cache growing without bound",
        mitigate: "Rollback of release {ver} started on the {svc}",
        root: &[
            "Release {ver} added a per-request cache to the {svc} that kept a reference to every response body it had served. Memory grew in line with traffic and was never returned.",
            "In staging, where traffic is two orders of magnitude lower, the pods were replaced by ordinary deploys long before they came near their memory limit, so the leak never showed up there. The canary ran for {n} minutes, which was too short to see the trend.",
        ],
        fix: "We rolled the {svc} back to the previous release, which stopped the restarts within a few minutes. A bounded version of the cache shipped two days later after a soak test at production traffic levels.",
        actions: &[
            "Extend the {svc} canary to a full hour and compare memory growth with the baseline",
            "Bound every in-process cache in the {svc} by size",
            "Add a soak test at production request rates to the release pipeline",
        ],
    },
    Cause {
        title: &[
            "DNS change sent {svc} traffic to a retired address",
            "{Svc} unreachable after a DNS update",
        ],
        summary: "A DNS record for the {svc} was updated to point at an address pool that had already been retired. Clients that picked up the new record could not connect, and the record's TTL slowed recovery after the change was reverted.",
        lead: "DNS record for the {svc} updated as part of the network migration",
        start: "Connections to the {svc} start failing as resolvers pick up the new record",
        diagnose: "New DNS record found pointing at the retired address pool",
        mitigate: "Previous DNS record restored and resolver caches flushed",
        root: &[
            "The migration runbook updated the record for the {svc} one step before the new address pool went live. The step order had been swapped in the last edit of the runbook, and the address it named had been released back to the provider.",
            "Nothing checked that the target of a record answered health checks before the record was published. The record's TTL of {n} minutes meant that many clients kept the wrong address well after the revert.",
        ],
        fix: "We restored the previous record, flushed the caches of our own resolvers and asked the two largest partners to flush theirs. Traffic recovered as cached records expired.",
        actions: &[
            "Refuse to publish a DNS record whose target fails health checks",
            "Lower the TTL of service records ahead of planned migrations",
            "Review the network migration runbook step order with the {team} team",
        ],
    },
    Cause {
        title: &[
            "Stalled failover of the {dep}",
            "{Svc} writes rejected during a database failover",
        ],
        summary: "The {dep} behind the {svc} failed over automatically, but the promoted replica was far behind the old primary. Writes were rejected until the replica caught up, and the {svc} returned errors for every request that needed to write.",
        lead: "Long-running analytics query starts on the {dep} replica",
        start: "Primary of the {dep} becomes unresponsive; automatic failover begins",
        diagnose: "Promoted replica found {n} minutes behind the old primary",
        mitigate: "Analytics query on the replica cancelled to let replication catch up",
        root: &[
            "The replica that was promoted had been serving an analytics workload whose queries held replication back. Lag had been creeping up for a week and stood at {n} minutes when the failover happened.",
            "Replication lag alerts existed, but they were routed to a channel that is not watched outside working hours, and the failover tooling did not refuse to promote a replica that was behind.",
        ],
        fix: "We cancelled the analytics queries, waited for the replica to catch up and re-enabled writes. The old primary was rebuilt from a fresh snapshot and rejoined as a replica.",
        actions: &[
            "Refuse automatic promotion of a replica more than one minute behind",
            "Move analytics queries to a dedicated replica that is never promoted",
            "Route replication lag alerts for the {dep} to the primary on-call rotation",
        ],
    },
    Cause {
        title: &[
            "Retry storm against the {svc}",
            "{Svc} overloaded by client retries",
        ],
        summary: "A short network interruption made clients of the {svc} retry at the same moment and without backoff. The retries multiplied traffic by roughly {n} times and kept the service saturated long after the network had recovered.",
        lead: "Brief packet loss between two availability zones in {region}",
        start: "Request rate on the {svc} jumps to several times its normal level",
        diagnose: "Traffic traced to immediate retries from the mobile and web clients",
        mitigate: "Client retries switched off through a remote configuration flag",
        root: &[
            "The shared HTTP client used by our apps retried failed requests immediately, up to five times, with no backoff and no jitter. A network interruption of a few seconds made thousands of clients retry in lockstep.",
            "The {svc} had no admission control, so it accepted every retry and fell further behind. Autoscaling added capacity, but each new instance was saturated as soon as it joined.",
        ],
        fix: "We switched client retries off with the remote configuration flag and shed load at the gateway until queues drained. Retries came back a day later with exponential backoff, jitter and a retry budget.",
        actions: &[
            "Add exponential backoff with jitter to the shared HTTP client",
            "Add a retry budget to clients of the {svc}",
            "Shed load at the gateway when the {svc} queue passes a fixed depth",
        ],
    },
    Cause {
        title: &[
            "Full data volume on the {dep}",
            "{Svc} outage after a disk filled up",
        ],
        summary: "The data volume of the {dep} used by the {svc} filled up because log rotation had been switched off. The database stopped accepting writes and the {svc} failed every request that needed one.",
        lead: "Disk usage on the {dep} data volume passes its warning threshold",
        start: "Data volume on the {dep} full; writes start failing",
        diagnose: "Rotated logs missing; log files found taking most of the volume",
        mitigate: "Old log files archived to object storage to free space",
        root: &[
            "Log rotation on the {dep} hosts was switched off {n} days earlier to keep verbose logs during an unrelated investigation, and it was never switched back on. The logs grew until they filled the data volume.",
            "Disk usage warnings had fired and were acknowledged on the assumption that they belonged to a known capacity ticket. The ticket was about a different cluster.",
        ],
        fix: "We archived old logs, switched rotation back on and expanded the volume to give headroom. Writes resumed as soon as space was available, and queued work was replayed from the {svc}'s outbox.",
        actions: &[
            "Manage log rotation through configuration management so that manual changes are reverted",
            "Include the host name in disk usage alerts",
            "Expand data volumes on the {dep} hosts",
        ],
    },
    Cause {
        title: &[
            "Cache stampede on the {svc}",
            "{Svc} latency after mass cache expiry",
        ],
        summary: "A bulk import wrote every cache entry for the {svc} with the same expiry time. When they expired together, every instance tried to rebuild them at once and the {dep} behind the cache was overwhelmed.",
        lead: "Catalogue import job rewrites the {svc} cache",
        start: "Cache hit ratio on the {svc} collapses as entries expire together",
        diagnose: "Database load traced to simultaneous cache rebuilds",
        mitigate: "Request coalescing enabled for cache rebuilds on the {svc}",
        root: &[
            "The import job set the same TTL on every entry it wrote, so about {n} thousand keys expired within the same second. Each instance of the {svc} rebuilt every key it missed, and the {dep} received the same expensive query many times over.",
            "The cache client supports request coalescing, but it was switched off when the {svc} was first built because of a bug that has since been fixed.",
        ],
        fix: "We enabled request coalescing, which cut database load almost at once, and spread expiry times with random jitter. The import job now writes entries with staggered TTLs.",
        actions: &[
            "Add random jitter to every TTL written by the import job",
            "Keep request coalescing on for the {svc} cache client",
            "Load-test a cold cache for the {svc} before each major release",
        ],
    },
    Cause {
        title: &[
            "Feature flag enabled for all traffic on the {svc}",
            "Unfinished {svc} code path exposed by a flag",
        ],
        summary: "A feature flag meant for internal users was enabled for all traffic to the {svc}. The code path behind it was unfinished and failed for most requests that reached it.",
        lead: "Targeting rule for a new {svc} feature flag edited",
        start: "Errors from the new code path on the {svc} start appearing",
        diagnose: "Errors traced to the new feature flag serving all traffic",
        mitigate: "Feature flag switched off in production",
        root: &[
            "The flag's targeting rule was copied from another flag and the segment field was left empty. The flag service treats an empty segment as everyone, and nothing in the interface said so.",
            "The change was made outside the normal change window and did not need a second reviewer, because flag changes were not treated as deployments.",
        ],
        fix: "We switched the flag off, which stopped the errors within a minute, corrected the targeting rule and turned it back on for internal users only after a second review.",
        actions: &[
            "Refuse flag rules with an empty segment",
            "Require a second reviewer for flag changes that reach production traffic",
            "Show the share of traffic a rule will reach before it is saved",
        ],
    },
    Cause {
        title: &[
            "Table lock from a schema migration on the {dep}",
            "{Svc} writes blocked by a migration",
        ],
        summary: "A schema migration on the {dep} took an exclusive lock on one of the {svc}'s busiest tables during peak traffic. Requests that needed the table waited on the lock and most of them timed out.",
        lead: "Schema migration for the {svc} starts on the {dep}",
        start: "Requests touching the locked table begin to queue",
        diagnose: "Exclusive table lock held by the migration found in the lock view",
        mitigate: "Migration cancelled and lock released",
        root: &[
            "The migration added a column with a default value, which on our database version rewrites the whole table under an exclusive lock. It had been tested on a staging copy that is about one hundredth of the production size, where it finished in seconds.",
            "Our online migration tool would have avoided the lock, but its option had been renamed in the last upgrade and the old name was silently ignored.",
        ],
        fix: "We cancelled the migration, which released the lock immediately, and re-ran it the next night with the online tool, which completed without blocking writes.",
        actions: &[
            "Fail migrations that pass unknown options to the online tool",
            "Estimate lock duration against a production-sized copy before running a migration",
            "Run schema migrations on the {dep} outside peak hours",
        ],
    },
    Cause {
        title: &[
            "Rate limiter misconfiguration on the {svc}",
            "Legitimate {work} throttled by the {svc}",
        ],
        summary: "A new rate limiting rule on the {svc} counted requests per region instead of per client. Once the regional total passed the limit, legitimate requests from every client in {region} were rejected.",
        lead: "New rate limiting rules deployed to the {svc}",
        start: "Rejected requests on the {svc} climb in {region}",
        diagnose: "Rejections traced to the new rule keyed on region instead of client",
        mitigate: "New rate limiting rule disabled",
        root: &[
            "The rule was written for a single abusive client, but its key used the region field because the client field is named differently in the new configuration format. With that key, all clients in {region} shared one bucket of {n} requests per second.",
            "The rule was tested against recorded traffic from one client, where both keys behave the same way.",
        ],
        fix: "We disabled the rule, which stopped the rejections at once, then re-enabled it with the correct key after replaying a full hour of production traffic against it.",
        actions: &[
            "Replay an hour of production traffic against new rate limiting rules before enabling them",
            "Reject rate limiting rules whose key is not a client field",
            "Alert on rejected requests per region for the {svc}",
        ],
    },
    Cause {
        title: &[
            "Expired credentials for the {dep}",
            "{Svc} lost access to the {dep}",
        ],
        summary: "The credentials the {svc} uses to reach the {dep} were rotated, but running instances kept the old ones. As the old credentials expired, every instance lost access at roughly the same time.",
        lead: "Scheduled credential rotation for the {dep} completes",
        start: "Authentication failures from the {svc} to the {dep} begin",
        diagnose: "Instances found still holding the rotated credentials",
        mitigate: "Rolling restart of the {svc} to load the new credentials",
        root: &[
            "The {svc} read its credentials once at start-up and never reloaded them. The rotation kept the old credentials valid for {n} hours, which hid the problem until they expired.",
            "Rotations had succeeded before only because every earlier one happened to follow a deploy within the grace period.",
        ],
        fix: "We restarted the {svc} instances in batches so that each loaded the new credentials, and confirmed that the connection error rate returned to zero. A change to reload credentials on authentication failure shipped the following week.",
        actions: &[
            "Reload credentials for the {dep} when authentication fails",
            "Alert when a credential grace period is about to end with old credentials in use",
            "Run a rotation drill for the {svc} every quarter",
        ],
    },
    Cause {
        title: &[
            "Load balancer health checks removed healthy {svc} instances",
            "{Svc} capacity lost to a health check change",
        ],
        summary: "A change to the load balancer health check for the {svc} pointed it at an endpoint that only exists on the newest release. Instances on the previous release were marked unhealthy and removed, leaving too little capacity for the traffic.",
        lead: "Health check path for the {svc} changed on the load balancer",
        start: "Healthy target count for the {svc} starts dropping",
        diagnose: "Health check path found missing on instances running the previous release",
        mitigate: "Health check path reverted on the load balancer",
        root: &[
            "The new health endpoint shipped in release {ver}, which had reached only part of the fleet when the load balancer change went out. The two changes were planned together but rolled out by different pipelines.",
            "The load balancer removed targets without any floor, so it took down {n} of {m} instances before anyone noticed the drop in capacity.",
        ],
        fix: "We reverted the health check path, which brought the removed instances back into service within two check intervals. The change was reapplied after release {ver} reached every instance.",
        actions: &[
            "Set a floor on the number of targets the load balancer may remove at once",
            "Roll out health check changes through the same pipeline as the release that needs them",
            "Alert when healthy target count for the {svc} falls below half of its usual level",
        ],
    },
    Cause {
        title: &[
            "Poison message stalled the {svc} consumers",
            "{Svc} backlog after a malformed message",
        ],
        summary: "A malformed message on the {dep} made every consumer of the {svc} crash and restart on the same message. Processing stopped and a backlog built up until the message was moved aside.",
        lead: "Partner integration starts sending a new message version",
        start: "Consumers of the {svc} start crash-looping on the same message",
        diagnose: "Crash traced to one malformed message at the head of a partition",
        mitigate: "Malformed message moved to the dead-letter queue",
        root: &[
            "The consumer parsed an optional field as required. A partner began sending the new message version, in which the field is absent, and the first such message crashed each consumer that picked it up.",
            "Our consumers retry a failing message forever, so one message blocked the partition and all {n} thousand messages behind it.",
        ],
        fix: "We moved the message to the dead-letter queue by hand, which let the consumers drain the backlog. The parser was fixed the same day and the dead-lettered message was replayed.",
        actions: &[
            "Send a message to the dead-letter queue after three failed attempts",
            "Contract-test the {svc} consumer against every published message version",
            "Alert on consumer lag for the {svc}",
        ],
    },
    Cause {
        title: &[
            "Autoscaling floor removed from the {svc}",
            "{Svc} under-provisioned at peak",
        ],
        summary: "A cleanup of autoscaling settings removed the minimum instance count for the {svc}. During a quiet period the group scaled down to {n} instances and could not scale up quickly enough when traffic picked up again.",
        lead: "Autoscaling settings cleanup applied to the {svc}",
        start: "Traffic ramp saturates the remaining {svc} instances",
        diagnose: "Autoscaling group found with no minimum instance count",
        mitigate: "Minimum instance count restored to {m} and capacity added by hand",
        root: &[
            "The cleanup removed settings that matched the defaults, and the minimum instance count looked like one of them in the old configuration format. Without it, the group scaled down to {n} instances during a quiet period.",
            "New instances take several minutes to warm their caches, so scaling from that low a base lagged far behind the traffic ramp.",
        ],
        fix: "We restored the minimum instance count and added capacity by hand until the new instances were warm. The cleanup change was re-reviewed line by line.",
        actions: &[
            "Alert when an autoscaling group's minimum changes",
            "Scale the {svc} ahead of its daily traffic peaks on a schedule",
            "Warm {svc} caches before an instance joins the load balancer",
        ],
    },
];

const DETECT: &[&str] = &[
    "Latency alert for the {svc} pages the on-call engineer",
    "Error rate alert fires for the {svc}",
    "Synthetic checks for {work} start failing; the on-call engineer is paged",
    "Burn-rate alert fires for the {svc} availability objective",
    "Monitoring alert on {svc} errors fires in {region}",
    "On-call engineer paged by the {svc} saturation alert",
];

const TRIAGE: &[&str] = &[
    "On-call engineer acknowledges the page and opens an incident channel",
    "Incident declared as SEV{sev}; an incident commander takes over coordination",
    "Deploy history for the {svc} pulled up for review",
    "Status page updated to Investigating",
    "{team} team joins the incident channel",
    "Dashboards show the errors concentrated in {region}",
    "Cloud provider status page checked, with no open incidents",
    "Logs show repeated timeouts between the {svc} and the {dep}",
    "Customer support posts a holding reply for incoming tickets",
    "First theory, a network problem in {region}, ruled out",
];

const MITIGATE: &[&str] = &[
    "Traffic shifted away from {region} to limit customer impact",
    "{Svc} scaled out from {n} to {m} instances, with little effect",
    "Non-essential batch jobs paused to reduce load on the {dep}",
    "Status page updated to Identified",
];

const PARTIAL: &[&str] = &[
    "Error rate falling as the change takes effect",
    "Backlog of queued {work} starts to drain",
    "Latency improving in every region except {region}",
    "Status page updated to Monitoring",
];

const RESTORE: &[&str] = &[
    "Service fully restored; {work} succeed at normal rates",
    "{Svc} fully recovered and error rates back to normal",
    "All regions report healthy; service fully restored",
    "Latency on the {svc} back to normal levels, service fully restored",
    "Backlog cleared and the {svc} fully operational again",
];

const FOLLOW_SAME_DAY: &[&str] = &[
    "Status page set to Resolved after a monitoring period",
    "Incident channel closed and follow-up owners assigned",
    "Customer support sends an update to affected customers",
    "Incident commander hands over to the next on-call shift",
];

const FOLLOW_LATER: &[&str] = &[
    "Postmortem review held with the {team} team",
    "Action items reviewed at the weekly operations meeting",
    "Postmortem draft shared with engineering leadership",
];

const SUMMARY_OPENERS: &[&str] = &[
    "This document describes an incident that affected the {svc}.",
    "This postmortem covers a disruption of the {svc}.",
    "Customers who tried to {task} ran into errors during this incident.",
    "The {svc} was degraded for part of the day.",
    "For a while, many customers could not {task}.",
];

const SUMMARY_CLOSERS: &[&str] = &[
    "The sections below describe the timeline, the cause and what we are changing so that it does not happen again.",
    "We are sorry for the disruption this caused, and the action items below are already scheduled.",
    "The {team} team led the response, with help from the teams that own the systems involved.",
    "No data was lost, but some requests had to be retried by customers.",
];

const SHARES: &[&str] = &[
    "About {p}% of {work} failed while the incident lasted.",
    "Roughly {p}% of {work} returned errors or timed out.",
    "At the worst point, about {p}% of {work} failed; the rest succeeded, but slowly.",
    "Around {p}% of customers were affected.",
    "About {p}% of customers in {region} could not {task}.",
    "Approximately {p}% of {work} were rejected or took longer than ten seconds.",
];

const IMPACT_EXTRAS: &[&str] = &[
    "Customer support received {n} tickets about the problem.",
    "No data was lost; {n} requests that failed were retried automatically once the service recovered.",
    "{n} merchants contacted their account managers during the incident.",
    "Other services were not affected.",
    "Customers who retried later generally succeeded.",
    "Two enterprise customers asked for a written incident report.",
    "Revenue impact is estimated at {n} thousand euros in delayed transactions.",
    "Internal tools that depend on the {svc} were slow but usable.",
    "The incident used up a large part of this month's error budget for the {svc}.",
    "Mobile and web clients were affected in the same way.",
    "Partners using the public API saw the same errors and {n} of them opened support cases.",
];

const DETECTION: &[&str] = &[
    "Our own monitoring caught the problem before customers reported it. The alert that fired is one we added after a similar incident last year, and it paged within minutes.",
    "The first signal was an automated alert, followed shortly by tickets from customers. The alert threshold is set to avoid paging on short spikes, which added a few minutes before anyone was paged.",
    "Detection relied on a symptom-based alert on the error rate. The underlying cause had no alert of its own, which is covered by an action item below.",
    "Synthetic checks noticed the problem first. They run from three locations, and the alert needs two of them to fail, which kept it quiet during the first few minutes.",
];

const WENT_WELL: &[&str] = &[
    "The incident channel was opened quickly and roles were clear from the start.",
    "Rollback tooling worked as designed once we knew what to roll back.",
    "Customer support had a status template ready, so updates went out early.",
    "Dashboards for the {svc} made the change in behaviour obvious.",
    "Engineers from several teams joined within minutes of being asked.",
    "The incident commander kept a running summary in the channel, which made handovers easy.",
    "The change that caused the incident was easy to find in the deploy log.",
];

const WENT_WRONG: &[&str] = &[
    "Our first theory took some time to rule out because the dashboards for the {dep} are split across two tools.",
    "The alert that would have caught the cause directly was routed to a channel nobody watches at night.",
    "The status page was updated later than our own guidelines ask for.",
    "Staging did not resemble production closely enough to show the problem.",
    "The runbook for the {svc} linked to a dashboard that no longer exists.",
    "It was not clear at first which team owned the configuration that changed.",
    "Two responders worked on the same theory for a while without knowing it.",
    "Our alerts described the symptom but gave no hint of where to look next.",
];

const LUCKY: &[&str] = &[
    "The incident started shortly before our quietest hours.",
    "An engineer who built the original system happened to be online and joined the call.",
    "A planned marketing campaign was scheduled for the following day, not the same day.",
];

const GENERIC_ACTIONS: &[&str] = &[
    "Update the {svc} runbook with the steps used in this incident",
    "Add a dashboard panel for the {dep} to the {svc} overview",
    "Run a game day for this failure mode with the {team} team",
    "Document the escalation path for the {dep}",
    "Add an alert on the saturation of the {dep}",
];

const BACKGROUND: &[&str] = &[
    "The {svc} sits behind the public load balancers in {region} and two other regions. It depends on the {dep} for most of its reads and writes, and it is owned by the {team} team, which runs a weekly on-call rotation.",
    "Every attempt to {task} passes through the {svc}. On a typical weekday it serves a few thousand requests per second at peak, and it has its own availability objective, measured over a rolling month.",
    "The {svc} was split out of the monolith two years ago. Most of its configuration still lives in a shared repository, and changes to it are deployed by the same pipeline as application code.",
    "The {team} team owns the {svc} and the {dep} it depends on. Both moved to the current platform last year, and their runbooks were rewritten at that time.",
    "The {svc} runs on about {m} instances spread over three availability zones. Deploys go out region by region, starting with {region}, and each stage waits for its health checks before the next one begins.",
];

const CONTRIBUTING: &[&str] = &[
    "Several conditions lined up. The change was small and looked routine, the alert that covers this failure mode had been tuned to stay quiet, and the responders on call that day had not worked with the {dep} before.",
    "Our dashboards showed the symptom clearly, but none of them pointed at the cause. It took a while to connect the errors on the {svc} with the change that triggered them, because the two are owned by different teams.",
    "A similar risk was noted in a design review last year, and a ticket was opened for it. The ticket was never prioritised, partly because nothing had gone wrong since.",
    "Nothing in our deployment process would have stopped this change. It passed every automated check, and none of the checks we have look at this kind of setting.",
    "The blast radius was larger than it needed to be. Every region shares the same configuration, so the problem reached all of them at once instead of one at a time.",
    "Recovery took longer than the fix itself. Clients cached failures for a few minutes, and queued work had to drain before latency came back down.",
];

const RESOLUTION_EXTRAS: &[&str] = &[
    "After the fix, the responders watched error rates and latency for another hour before closing the incident. Queued work was replayed, and spot checks confirmed that nothing was processed twice.",
    "Customer support contacted the customers who had opened tickets, and the status page was updated with a short explanation once the service had been stable for a while.",
    "We compared the {dep} with the event log for the incident window to confirm that no data had been lost. A handful of requests had to be replayed by hand.",
    "The temporary measures taken during the incident were reviewed the next day, and the ones that were no longer needed were removed.",
];

const TICKET_PREFIXES: &[&str] = &["OPS", "INFRA", "SRE", "PLAT", "REL", "INC"];

// ----------------------------------------------------------------------------------- time

/// Which daylight saving rules a zone follows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DstRule {
    None,
    UnitedStates,
    Europe,
    EasternAustralia,
    NewZealand,
}

struct Zone {
    standard: &'static str,
    daylight: &'static str,
    rule: DstRule,
    /// How often it is picked, relative to the others.
    weight: u64,
    /// Settles an abbreviation with several meanings, written once after it.
    note: Option<&'static str>,
}

const fn zone(
    standard: &'static str,
    daylight: &'static str,
    rule: DstRule,
    weight: u64,
    note: Option<&'static str>,
) -> Zone {
    Zone {
        standard,
        daylight,
        rule,
        weight,
        note,
    }
}

const ZONES: &[Zone] = &[
    zone("UTC", "UTC", DstRule::None, 12, None),
    zone("GMT", "GMT", DstRule::None, 2, None),
    zone("PST", "PDT", DstRule::UnitedStates, 6, None),
    zone("EST", "EDT", DstRule::UnitedStates, 6, None),
    zone("CET", "CEST", DstRule::Europe, 5, None),
    zone("EAT", "EAT", DstRule::None, 3, None),
    zone("IST", "IST", DstRule::None, 2, Some("UTC+05:30")),
    zone("JST", "JST", DstRule::None, 2, None),
    zone("SGT", "SGT", DstRule::None, 1, None),
    zone("AEST", "AEDT", DstRule::EasternAustralia, 2, None),
    zone("NZST", "NZDT", DstRule::NewZealand, 1, None),
    zone("SAST", "SAST", DstRule::None, 1, None),
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn nth_sunday(year: i32, month: u32, n: u8) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Sun, n).expect("a valid Sunday")
}

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .expect("a valid date");
    let mut day = first_next.pred_opt().expect("a valid date");
    while day.weekday() != Weekday::Sun {
        day = day.pred_opt().expect("a valid date");
    }
    day
}

/// The days the clocks change in `year`: (start of the period the rule calls summer for the
/// northern rules, or the end of daylight time for the southern ones; the other change).
fn changes(rule: DstRule, year: i32) -> Option<(NaiveDate, NaiveDate)> {
    match rule {
        DstRule::None => None,
        DstRule::UnitedStates => Some((nth_sunday(year, 3, 2), nth_sunday(year, 11, 1))),
        DstRule::Europe => Some((last_sunday(year, 3), last_sunday(year, 10))),
        DstRule::EasternAustralia => Some((nth_sunday(year, 4, 1), nth_sunday(year, 10, 1))),
        DstRule::NewZealand => Some((nth_sunday(year, 4, 1), last_sunday(year, 9))),
    }
}

fn is_daylight(rule: DstRule, day: NaiveDate) -> bool {
    let Some((a, b)) = changes(rule, day.year()) else {
        return false;
    };
    let between = a <= day && day < b;
    match rule {
        DstRule::UnitedStates | DstRule::Europe => between,
        DstRule::EasternAustralia | DstRule::NewZealand => !between,
        DstRule::None => false,
    }
}

/// Whether the clocks change within `margin` days of `day`.
fn near_change(rule: DstRule, day: NaiveDate, margin: i64) -> bool {
    (day.year() - 1..=day.year() + 1)
        .filter_map(|year| changes(rule, year))
        .flat_map(|(a, b)| [a, b])
        .any(|change| (change - day).num_days().abs() <= margin)
}

fn label(zone: &Zone, day: NaiveDate) -> &'static str {
    if is_daylight(zone.rule, day) {
        zone.daylight
    } else {
        zone.standard
    }
}

fn long_date(day: NaiveDate) -> String {
    format!(
        "{} {}, {}",
        MONTHS[day.month0() as usize],
        day.day(),
        day.year()
    )
}

fn iso_date(day: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
}

fn clock24(at: NaiveDateTime) -> String {
    format!("{:02}:{:02}", at.hour(), at.minute())
}

fn clock12(at: NaiveDateTime) -> String {
    let (pm, hour) = at.hour12();
    format!(
        "{}:{:02} {}",
        hour,
        at.minute(),
        if pm { "PM" } else { "AM" }
    )
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// "52 minutes", "1 hour", "2 hours 5 minutes".
fn length(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let unit = |n: i64, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    match (h, m) {
        (0, m) => unit(m, "minute"),
        (h, 0) => unit(h, "hour"),
        (h, m) => format!("{} {}", unit(h, "hour"), unit(m, "minute")),
    }
}

// ------------------------------------------------------------------------------- documents

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Defect {
    EntryOutsideWindow,
    UnknownTimezone,
    WindowInverted,
    DurationMismatch,
    TimelineOrder,
    WeekdayMismatch,
}

impl Defect {
    const ALL: [Defect; 6] = [
        Defect::EntryOutsideWindow,
        Defect::UnknownTimezone,
        Defect::WindowInverted,
        Defect::DurationMismatch,
        Defect::TimelineOrder,
        Defect::WeekdayMismatch,
    ];

    fn name(self) -> &'static str {
        match self {
            Defect::EntryOutsideWindow => "entry-outside-window",
            Defect::UnknownTimezone => "unknown-timezone",
            Defect::WindowInverted => "window-inverted",
            Defect::DurationMismatch => "duration-mismatch",
            Defect::TimelineOrder => "timeline-order",
            Defect::WeekdayMismatch => "weekday-mismatch",
        }
    }
}

/// How the timeline is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `- 14:05 UTC - text` below "All times are UTC on May 10, 2023."
    Clock,
    /// `- May 10, 2023, 2:05 PM PDT: text`
    LongDate,
    /// `- 2023-05-10 14:05 UTC: text`
    Iso,
    /// `| 2023-05-10 14:05 UTC | text |`
    Table,
    /// Plain text: `May 10, 2023, 14:05 EAT: text`
    Text24,
    /// Plain text: `May 10, 2023, 2:05 PM EAT: text`
    Text12,
}

impl Style {
    fn dated(self) -> bool {
        self != Style::Clock
    }

    fn twelve_hour(self) -> bool {
        matches!(self, Style::LongDate | Style::Text12)
    }
}

struct Entry {
    at: NaiveDateTime,
    text: String,
}

/// Everything chosen for one document before it is written.
struct Incident<'a> {
    service: &'a Service,
    cause: &'a Cause,
    zone: &'a Zone,
    style: Style,
    entries: Vec<Entry>,
    /// Indexes into `entries`: the window's start, the detection and the restoration.
    start: usize,
    detect: usize,
    restore: usize,
    vars: Vec<(&'static str, String)>,
}

impl Incident<'_> {
    fn fill(&self, template: &str) -> String {
        let mut out = template.to_owned();
        for (key, value) in &self.vars {
            if out.contains(key) {
                out = out.replace(key, value);
            }
        }
        out
    }

    fn window_start(&self) -> NaiveDateTime {
        self.entries[self.start].at
    }

    fn window_end(&self) -> NaiveDateTime {
        self.entries[self.restore].at
    }

    fn label(&self) -> &'static str {
        label(self.zone, self.window_start().date())
    }
}

/// What the planted defect changes when the document is written.
#[derive(Default)]
struct Plant {
    /// Entry index and the year to print instead of its own.
    year: Option<(usize, i32)>,
    /// Entry index and the zone to print instead of the document's.
    zone: Option<(usize, &'static str)>,
    /// Write the window's end on the day before its start.
    inverted: bool,
    /// A stated length, in minutes, that the window contradicts.
    wrong_length: Option<i64>,
    /// Entry index whose time was moved before the entry above it.
    order: Option<usize>,
    /// Where to write a weekday that does not match its date.
    weekday: Option<WeekdaySpot>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum WeekdaySpot {
    DateLine,
    Declaration,
    FirstEntry,
    Window,
}

struct Document {
    path: PathBuf,
    text: String,
    defect: Option<(Defect, usize)>,
}

/// Lines of a document, remembering where the planted defect went.
#[derive(Default)]
struct Lines {
    lines: Vec<String>,
    defect_line: Option<usize>,
}

impl Lines {
    fn push(&mut self, line: impl Into<String>) {
        self.lines.push(line.into());
    }

    /// Pushes a line that carries the planted defect.
    fn push_marked(&mut self, line: impl Into<String>, marked: bool) {
        self.lines.push(line.into());
        if marked {
            self.defect_line = Some(self.lines.len());
        }
    }

    fn blank(&mut self) {
        self.lines.push(String::new());
    }

    fn paragraph(&mut self, text: &str, width: usize) {
        let mut line = String::new();
        for word in text.split_whitespace() {
            if !line.is_empty() && line.len() + 1 + word.len() > width {
                self.lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            self.lines.push(line);
        }
    }

    fn finish(self) -> (String, Option<usize>) {
        let mut text = self.lines.join("\n");
        text.push('\n');
        (text, self.defect_line)
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn pick_zone<'a>(rng: &mut Rng, zones: &'a [Zone]) -> &'a Zone {
    let total: u64 = zones.iter().map(|z| z.weight).sum();
    let mut roll = rng.below(total);
    for zone in zones {
        if roll < zone.weight {
            return zone;
        }
        roll -= zone.weight;
    }
    &zones[0]
}

fn generate(seed: u64, index: u64, digits: usize) -> Document {
    let mut rng = Rng::for_document(seed, index);
    let markdown = rng.percent(MARKDOWN_SHARE);
    let defect = (rng.below(1000) < DEFECT_SHARE).then(|| *rng.pick(&Defect::ALL));

    let mut style = if markdown {
        *rng.pick(&[
            Style::Clock,
            Style::Clock,
            Style::LongDate,
            Style::Iso,
            Style::Iso,
            Style::Table,
        ])
    } else {
        *rng.pick(&[Style::Text24, Style::Text12])
    };
    // A year typo needs a date on every entry.
    if defect == Some(Defect::EntryOutsideWindow) && style == Style::Clock {
        style = Style::Iso;
    }

    // The zone: a typo of UTC (WTC, TC) or of PDT (PTD) for the unknown-zone defect.
    let zone = if defect == Some(Defect::UnknownTimezone) {
        if rng.percent(70) {
            &ZONES[0]
        } else {
            &ZONES[2]
        }
    } else {
        pick_zone(&mut rng, ZONES)
    };

    // The day, kept well away from a change of clocks so that one label fits the timeline.
    let year = rng.range(i64::from(*YEARS.start()), i64::from(*YEARS.end())) as i32;
    let mut day = NaiveDate::from_yo_opt(year, rng.range(1, 365) as u32).expect("a valid day");
    if zone.rule == DstRule::UnitedStates && defect == Some(Defect::UnknownTimezone) {
        // PTD is a typo of PDT: a summer day.
        day = NaiveDate::from_ymd_opt(year, rng.range(5, 9) as u32, rng.range(1, 28) as u32)
            .expect("a valid day");
    }
    while near_change(zone.rule, day, 6) {
        day += TimeDelta::days(9);
    }

    let service = rng.pick(SERVICES);
    let cause = rng.pick(CAUSES);
    let n = rng.range(2, 40);
    let vars = vec![
        ("{svc}", service.name.to_owned()),
        ("{Svc}", capitalise(service.name)),
        ("{team}", (rng.text(TEAMS)).to_owned()),
        ("{dep}", (rng.text(DEPENDENCIES)).to_owned()),
        (
            "{ver}",
            format!(
                "v{}.{}.{}",
                rng.range(1, 9),
                rng.range(0, 40),
                rng.range(0, 9)
            ),
        ),
        ("{n}", n.to_string()),
        ("{m}", (n + rng.range(4, 60)).to_string()),
        ("{region}", (rng.text(REGIONS)).to_owned()),
        ("{work}", service.work.to_owned()),
        ("{task}", service.task.to_owned()),
        ("{sev}", rng.range(1, 3).to_string()),
        ("{p}", rng.range(3, 70).to_string()),
    ];

    // The timeline, as minutes from the start of impact.
    let mut plan: Vec<(i64, &str)> = Vec::new();
    let lead = rng.percent(70);
    if lead {
        plan.push((-rng.range(5, 110), cause.lead));
    }
    let start_index = plan.len();
    plan.push((0, cause.start));
    let mut t = rng.range(2, 18);
    let detect_index = plan.len();
    plan.push((t, rng.text(DETECT)));
    let mut middle: Vec<&str> = Vec::new();
    let triage = rng.range(2, 4) as usize;
    middle.extend(rng.sample(TRIAGE, triage).into_iter().copied());
    middle.push(cause.diagnose);
    if rng.percent(50) {
        middle.push(rng.text(MITIGATE));
    }
    middle.push(cause.mitigate);
    if rng.percent(60) {
        middle.push(rng.text(PARTIAL));
    }
    // Timeline-order needs two entries between the detection and the restoration to swap.
    if defect == Some(Defect::TimelineOrder) && middle.len() < 3 {
        middle.insert(0, TRIAGE[0]);
    }
    for text in middle {
        t += if rng.percent(15) {
            rng.range(30, 100)
        } else {
            rng.range(3, 28)
        };
        plan.push((t, text));
    }
    t += rng.range(5, 40);
    let restore_index = plan.len();
    plan.push((t, rng.text(RESTORE)));
    if rng.percent(50) {
        plan.push((t + rng.range(10, 90), rng.text(FOLLOW_SAME_DAY)));
    }
    let later = style.dated() && rng.percent(40);

    // Timeline-order: swap the times of two neighbours between the detection and the
    // restoration, at least eight minutes apart, so that the second is earlier than the first.
    let mut order = None;
    if defect == Some(Defect::TimelineOrder) {
        let at = rng.range(detect_index as i64 + 2, restore_index as i64 - 1) as usize;
        let gap = plan[at].0 - plan[at - 1].0;
        if gap < 8 {
            let push = 8 - gap + rng.range(0, 10);
            for step in &mut plan[at..] {
                step.0 += push;
            }
        }
        let (a, b) = (plan[at - 1].0, plan[at].0);
        plan[at - 1].0 = b;
        plan[at].0 = a;
        order = Some(at);
    }

    // The start of impact: for the clock style the whole timeline stays on one day.
    let first = plan[0].0;
    let last = plan.last().expect("entries").0;
    let start_minute = if style.dated() {
        if rng.percent(65) {
            rng.range(8 * 60, 18 * 60)
        } else {
            rng.range(0, 1439)
        }
    } else {
        rng.range(-first, 1439 - last)
    };
    let origin = day.and_hms_opt(0, 0, 0).expect("midnight") + TimeDelta::minutes(start_minute);
    let fill = |text: &str| {
        vars.iter()
            .fold(text.to_owned(), |text, (k, v)| text.replace(k, v))
    };
    let mut entries: Vec<Entry> = plan
        .iter()
        .map(|&(offset, text)| Entry {
            at: origin + TimeDelta::minutes(offset),
            text: fill(text),
        })
        .collect();
    if later {
        let days = rng.range(1, 4);
        let review_day = (origin + TimeDelta::minutes(last)).date() + TimeDelta::days(days);
        let at = review_day
            .and_hms_opt(rng.range(9, 16) as u32, 0, 0)
            .expect("a valid time")
            + TimeDelta::minutes(rng.range(0, 3) * 15);
        entries.push(Entry {
            at,
            text: fill(rng.text(FOLLOW_LATER)),
        });
    }

    let incident = Incident {
        service,
        cause,
        zone,
        style,
        entries,
        start: start_index,
        detect: detect_index,
        restore: restore_index,
        vars,
    };

    // The planted defect.
    let mut plant = Plant::default();
    let inner: Vec<usize> = (incident.detect + 1..incident.restore).collect();
    match defect {
        Some(Defect::EntryOutsideWindow) => {
            let at = *rng.pick(&inner);
            let shift = if rng.percent(70) { -1 } else { 1 };
            plant.year = Some((at, incident.entries[at].at.year() + shift));
        }
        Some(Defect::UnknownTimezone) => {
            let at = *rng.pick(&inner);
            let typo = if zone.rule == DstRule::UnitedStates {
                "PTD"
            } else {
                *rng.pick(&["WTC", "WTC", "TC"])
            };
            plant.zone = Some((at, typo));
        }
        Some(Defect::WindowInverted) => plant.inverted = true,
        Some(Defect::DurationMismatch) => {
            let actual = (incident.window_end() - incident.window_start()).num_minutes();
            let off = rng.range(40, 150);
            let wrong = if actual > off + 20 && rng.percent(50) {
                actual - off
            } else {
                actual + off
            };
            plant.wrong_length = Some(wrong);
        }
        Some(Defect::TimelineOrder) => plant.order = order,
        Some(Defect::WeekdayMismatch) => {
            plant.weekday = Some(match style {
                Style::Clock => *rng.pick(&[WeekdaySpot::DateLine, WeekdaySpot::Declaration]),
                Style::LongDate => *rng.pick(&[WeekdaySpot::DateLine, WeekdaySpot::FirstEntry]),
                Style::Iso | Style::Table => WeekdaySpot::DateLine,
                Style::Text24 | Style::Text12 => {
                    *rng.pick(&[WeekdaySpot::FirstEntry, WeekdaySpot::Window])
                }
            });
        }
        None => {}
    }
    let (text, line) = if markdown {
        write_markdown(&mut rng, &incident, &plant)
    } else {
        write_text(&mut rng, &incident, &plant)
    };
    let folder = incident.window_start().year();
    let ext = if markdown { "md" } else { "txt" };
    let path = PathBuf::from(folder.to_string())
        .join(format!("{index:0digits$}-{}.{ext}", incident.service.slug));
    let defect = defect.map(|d| (d, line.expect("the defect's line was written")));
    Document { path, text, defect }
}

/// A weekday for `day`: its own, or another one when `wrong`.
fn weekday_for(rng: &mut Rng, day: NaiveDate, wrong: bool) -> &'static str {
    let mut weekday = day.weekday();
    if wrong {
        for _ in 0..rng.range(1, 6) {
            weekday = weekday.succ();
        }
    }
    weekday_name(weekday)
}

/// The date of an entry as printed: its own, or with the planted year.
fn printed_date(incident: &Incident<'_>, plant: &Plant, index: usize) -> NaiveDate {
    let day = incident.entries[index].at.date();
    match plant.year {
        Some((at, year)) if at == index => NaiveDate::from_ymd_opt(year, day.month(), day.day())
            .or_else(|| NaiveDate::from_ymd_opt(year, day.month(), day.day() - 1))
            .expect("a valid date"),
        _ => day,
    }
}

fn entry_zone(incident: &Incident<'_>, plant: &Plant, index: usize) -> &'static str {
    match plant.zone {
        Some((at, typo)) if at == index => typo,
        _ => label(incident.zone, incident.entries[index].at.date()),
    }
}

fn is_marked(plant: &Plant, index: usize) -> bool {
    plant.year.is_some_and(|(at, _)| at == index)
        || plant.zone.is_some_and(|(at, _)| at == index)
        || plant.order == Some(index)
}

/// The stated window: "<start> to <end>" in the document's style, with a length when asked.
fn window_text(
    rng: &mut Rng,
    incident: &Incident<'_>,
    plant: &Plant,
    weekday: Option<bool>,
) -> String {
    let start = incident.window_start();
    let mut end = incident.window_end();
    if plant.inverted {
        // The end's date written as the day before the start: a date typo.
        end = (start.date() - TimeDelta::days(1)).and_time(end.time());
    }
    let zone = incident.label();
    let clock = |at: NaiveDateTime| {
        if incident.style.twelve_hour() {
            clock12(at)
        } else {
            clock24(at)
        }
    };
    let start_day = match weekday {
        Some(wrong) => format!(
            "{}, {}",
            weekday_for(rng, start.date(), wrong),
            long_date(start.date())
        ),
        None => long_date(start.date()),
    };
    let same_day = start.date() == end.date() && !plant.inverted;
    let mut text = match incident.style {
        Style::Clock if same_day && rng.percent(60) => {
            format!("{} to {} {zone}", clock24(start), clock24(end))
        }
        Style::Clock | Style::LongDate | Style::Text24 | Style::Text12 => {
            if same_day && rng.percent(30) {
                format!("{start_day}, {} to {} {zone}", clock(start), clock(end))
            } else {
                format!(
                    "{start_day}, {} to {}, {} {zone}",
                    clock(start),
                    long_date(end.date()),
                    clock(end)
                )
            }
        }
        Style::Iso | Style::Table => {
            if rng.percent(50) {
                format!(
                    "{} {} {zone} to {} {} {zone}",
                    iso_date(start.date()),
                    clock24(start),
                    iso_date(end.date()),
                    clock24(end)
                )
            } else {
                format!(
                    "{} {} to {} {} {zone}",
                    iso_date(start.date()),
                    clock24(start),
                    iso_date(end.date()),
                    clock24(end)
                )
            }
        }
    };
    let minutes = (incident.window_end() - start).num_minutes();
    if let Some(wrong) = plant.wrong_length {
        text.push_str(&format!(" ({})", length(wrong)));
    } else if !plant.inverted && rng.percent(55) {
        text.push_str(&format!(" ({})", length(minutes)));
    }
    text
}

/// One timeline entry in the document's style (tables are written by the caller).
fn entry_line(
    rng: &mut Rng,
    incident: &Incident<'_>,
    plant: &Plant,
    index: usize,
    bullet: usize,
    weekday: Option<bool>,
) -> String {
    let entry = &incident.entries[index];
    let zone = entry_zone(incident, plant, index);
    let day = printed_date(incident, plant, index);
    let date = match weekday {
        Some(wrong) => format!("{}, {}", weekday_for(rng, day, wrong), long_date(day)),
        None => long_date(day),
    };
    match incident.style {
        Style::Clock => match bullet {
            0 => format!("- {} {zone} - {}", clock24(entry.at), entry.text),
            1 => format!("- **{} {zone}** - {}", clock24(entry.at), entry.text),
            _ => format!("- {} {zone}: {}", clock24(entry.at), entry.text),
        },
        Style::LongDate => format!("- {date}, {} {zone}: {}", clock12(entry.at), entry.text),
        Style::Iso | Style::Table => {
            let sep = if bullet == 0 { ":" } else { " -" };
            format!(
                "- {} {} {zone}{sep} {}",
                iso_date(day),
                clock24(entry.at),
                entry.text
            )
        }
        Style::Text24 => format!("{date}, {} {zone}: {}", clock24(entry.at), entry.text),
        Style::Text12 => {
            let dash = if bullet == 0 { "" } else { "- " };
            format!("{dash}{date}, {} {zone}: {}", clock12(entry.at), entry.text)
        }
    }
}

fn share_sentence(rng: &mut Rng, incident: &Incident<'_>) -> String {
    incident.fill(rng.text(SHARES))
}

fn impact_extras(rng: &mut Rng, incident: &Incident<'_>) -> Vec<String> {
    let count = rng.range(2, 3) as usize;
    rng.sample(IMPACT_EXTRAS, count)
        .into_iter()
        .map(|t| incident.fill(&t.replace("{n}", &rng.range(12, 900).to_string())))
        .collect()
}

fn summary_text(rng: &mut Rng, incident: &Incident<'_>) -> String {
    let mut parts = Vec::new();
    if rng.percent(50) {
        parts.push(incident.fill(rng.text(SUMMARY_OPENERS)));
    }
    parts.push(incident.fill(incident.cause.summary));
    if rng.percent(70) {
        parts.push(incident.fill(rng.text(SUMMARY_CLOSERS)));
    }
    parts.join(" ")
}

fn actions(rng: &mut Rng, incident: &Incident<'_>) -> Vec<String> {
    let mut items: Vec<String> = incident
        .cause
        .actions
        .iter()
        .map(|a| incident.fill(a))
        .collect();
    let extra = rng.range(1, 3) as usize;
    items.extend(
        rng.sample(GENERIC_ACTIONS, extra)
            .into_iter()
            .map(|a| incident.fill(a)),
    );
    items
}

fn ticket(rng: &mut Rng) -> String {
    format!("{}-{}", rng.pick(TICKET_PREFIXES), rng.range(100, 9999))
}

fn write_markdown(
    rng: &mut Rng,
    incident: &Incident<'_>,
    plant: &Plant,
) -> (String, Option<usize>) {
    let mut out = Lines::default();
    let width = *rng.pick(&[80usize, 88, 100, 10_000]);
    let title = incident.fill(rng.text(incident.cause.title));
    match rng.below(4) {
        0 => out.push(format!("# Postmortem: {title}")),
        1 => out.push(format!("# Incident review: {title}")),
        _ => out.push(format!("# {title}")),
    }
    out.blank();

    // Metadata.
    let weekday_spot = plant.weekday;
    let date_line = weekday_spot == Some(WeekdaySpot::DateLine) || rng.percent(45);
    if date_line || rng.percent(30) {
        if date_line {
            let start = incident.window_start().date();
            let wrong = weekday_spot == Some(WeekdaySpot::DateLine);
            let date = if wrong || rng.percent(50) {
                format!("{}, {}", weekday_for(rng, start, wrong), long_date(start))
            } else {
                long_date(start)
            };
            out.push_marked(format!("**Date:** {date}"), wrong);
            out.blank();
        }
        out.push(format!("**Severity:** SEV{}", rng.range(1, 3)));
        out.blank();
        out.push(format!("**Authors:** {} team", incident.fill("{team}")));
        out.blank();
        out.push(format!(
            "**Status:** {}",
            rng.pick(&["Complete", "Final", "Reviewed"])
        ));
        out.blank();
    }

    out.push("## Summary");
    out.blank();
    out.paragraph(&summary_text(rng, incident), width);
    out.blank();

    if rng.percent(60) {
        out.push("## Background");
        out.blank();
        out.paragraph(&incident.fill(rng.text(BACKGROUND)), width);
        out.blank();
    }

    out.push("## Impact");
    out.blank();
    let window = window_text(rng, incident, plant, None);
    out.push_marked(
        format!("**Duration:** {window}"),
        plant.inverted || plant.wrong_length.is_some(),
    );
    out.blank();
    let mut impact = vec![share_sentence(rng, incident)];
    impact.extend(impact_extras(rng, incident));
    out.push(impact.join(" "));
    out.blank();
    if rng.percent(25) && plant.order.is_none() {
        let detect = (incident.entries[incident.detect].at - incident.window_start()).num_minutes();
        let recover = (incident.window_end() - incident.window_start()).num_minutes();
        out.push(format!("- Time to detect: {}", length(detect)));
        out.push(format!("- Time to recover: {}", length(recover)));
        out.blank();
    }

    out.push("## Timeline");
    out.blank();
    let bullet = rng.below(3) as usize;
    let zone = incident.label();
    // An abbreviation with several meanings is settled by its offset, written first: pmlint
    // reads the first zone of a declaration ("All times are in IST (UTC+05:30)" is not enough).
    let declared = match incident.zone.note {
        Some(offset) => format!("{offset} ({zone})"),
        None => zone.to_owned(),
    };
    match incident.style {
        Style::Clock => {
            let start = incident.window_start().date();
            let wrong = weekday_spot == Some(WeekdaySpot::Declaration);
            let date = if wrong || rng.percent(20) {
                format!("{}, {}", weekday_for(rng, start, wrong), long_date(start))
            } else {
                long_date(start)
            };
            let line = match rng.below(3) {
                0 => format!("All times are {declared} on {date}."),
                1 => format!("All times in {declared}, {date}."),
                _ => format!("All times below are {declared}; everything happened on {date}."),
            };
            out.push_marked(line, wrong);
            out.blank();
        }
        _ if incident.zone.note.is_some() || rng.percent(30) => {
            out.push(format!("All times are in {declared}."));
            out.blank();
        }
        _ => {}
    }
    if incident.style == Style::Table {
        let header_zone = plant.zone.is_none() && rng.percent(40);
        let time_header = if header_zone {
            format!("Time ({zone})")
        } else {
            "Time".to_owned()
        };
        let cells: Vec<String> = (0..incident.entries.len())
            .map(|i| {
                let at = incident.entries[i].at;
                let day = printed_date(incident, plant, i);
                if header_zone {
                    format!("{} {}", iso_date(day), clock24(at))
                } else {
                    format!(
                        "{} {} {}",
                        iso_date(day),
                        clock24(at),
                        entry_zone(incident, plant, i)
                    )
                }
            })
            .collect();
        let w = cells
            .iter()
            .map(String::len)
            .max()
            .unwrap_or(0)
            .max(time_header.len());
        let e = incident
            .entries
            .iter()
            .map(|e| e.text.len())
            .max()
            .unwrap_or(0)
            .max(5);
        out.push(format!("| {time_header:w$} | {:e$} |", "Event"));
        out.push(format!("| {} | {} |", "-".repeat(w), "-".repeat(e)));
        for (i, cell) in cells.iter().enumerate() {
            out.push_marked(
                format!("| {cell:w$} | {:e$} |", incident.entries[i].text),
                is_marked(plant, i),
            );
        }
    } else {
        for i in 0..incident.entries.len() {
            let weekday = if i == 0 && incident.style == Style::LongDate {
                match weekday_spot {
                    Some(WeekdaySpot::FirstEntry) => Some(true),
                    _ if rng.percent(15) => Some(false),
                    _ => None,
                }
            } else {
                None
            };
            let wrong_weekday = weekday == Some(true);
            let line = entry_line(rng, incident, plant, i, bullet, weekday);
            out.push_marked(line, is_marked(plant, i) || wrong_weekday);
        }
    }
    out.blank();

    if rng.percent(50) {
        out.push("## Detection");
        out.blank();
        out.paragraph(&incident.fill(rng.text(DETECTION)), width);
        out.blank();
    }

    out.push(*rng.pick(&[
        "## Root Cause",
        "## Root Cause Analysis",
        "## Root Cause",
        "## Contributing Factors",
    ]));
    out.blank();
    for paragraph in incident.cause.root {
        out.paragraph(&incident.fill(paragraph), width);
        out.blank();
    }
    if rng.percent(75) {
        out.paragraph(&incident.fill(rng.text(CONTRIBUTING)), width);
        out.blank();
    }

    out.push(*rng.pick(&[
        "## Resolution",
        "## Resolution and Recovery",
        "## Resolution",
        "## Mitigation",
    ]));
    out.blank();
    out.paragraph(&incident.fill(incident.cause.fix), width);
    out.blank();
    if rng.percent(55) {
        out.paragraph(&incident.fill(rng.text(RESOLUTION_EXTRAS)), width);
        out.blank();
    }

    if rng.percent(60) {
        out.push("## Lessons Learned");
        out.blank();
        out.push("**What went well**");
        out.blank();
        for item in rng.sample(WENT_WELL, 2) {
            out.push(format!("- {}", incident.fill(item)));
        }
        out.blank();
        out.push("**What went wrong**");
        out.blank();
        let wrong = rng.range(2, 3) as usize;
        for item in rng.sample(WENT_WRONG, wrong) {
            out.push(format!("- {}", incident.fill(item)));
        }
        out.blank();
        if rng.percent(40) {
            out.push("**Where we got lucky**");
            out.blank();
            out.push(format!("- {}", rng.text(LUCKY)));
            out.blank();
        }
    }

    out.push(*rng.pick(&[
        "## Action Items",
        "## Action Items",
        "## Follow-ups",
        "## Corrective Actions",
    ]));
    out.blank();
    let items = actions(rng, incident);
    match rng.below(3) {
        0 => {
            for item in &items {
                out.push(format!("- {item}"));
            }
        }
        1 => {
            for item in &items {
                let owner = if rng.percent(50) {
                    format!("{} team", incident.fill("{team}"))
                } else {
                    (rng.text(OWNERS)).to_owned()
                };
                out.push(format!("- [ ] {item} (owner: {owner}, {})", ticket(rng)));
            }
        }
        _ => {
            let rows: Vec<(String, String, String)> = items
                .iter()
                .map(|item| (item.clone(), (rng.text(OWNERS)).to_owned(), ticket(rng)))
                .collect();
            let a = rows.iter().map(|r| r.0.len()).max().unwrap_or(0).max(6);
            let o = rows.iter().map(|r| r.1.len()).max().unwrap_or(0).max(5);
            let t = rows.iter().map(|r| r.2.len()).max().unwrap_or(0).max(6);
            out.push(format!(
                "| {:a$} | {:o$} | {:t$} |",
                "Action", "Owner", "Ticket"
            ));
            out.push(format!(
                "| {} | {} | {} |",
                "-".repeat(a),
                "-".repeat(o),
                "-".repeat(t)
            ));
            for (item, owner, ticket) in &rows {
                out.push(format!("| {item:a$} | {owner:o$} | {ticket:t$} |"));
            }
        }
    }
    out.finish()
}

fn write_text(rng: &mut Rng, incident: &Incident<'_>, plant: &Plant) -> (String, Option<usize>) {
    let mut out = Lines::default();
    let width = *rng.pick(&[80usize, 90, 10_000]);
    let title = incident.fill(rng.text(incident.cause.title));
    out.push(if rng.percent(60) {
        format!("Postmortem: {title}")
    } else {
        format!("Incident report: {title}")
    });
    out.blank();

    out.push("Issue Summary:");
    out.paragraph(&summary_text(rng, incident), width);
    if rng.percent(60) {
        out.paragraph(&incident.fill(rng.text(BACKGROUND)), width);
    }
    let weekday = match plant.weekday {
        Some(WeekdaySpot::Window) => Some(true),
        _ if rng.percent(10) => Some(false),
        _ => None,
    };
    let window = window_text(rng, incident, plant, weekday);
    out.push_marked(
        format!("Duration: {window}"),
        plant.inverted
            || plant.wrong_length.is_some()
            || plant.weekday == Some(WeekdaySpot::Window),
    );
    let mut impact = vec![share_sentence(rng, incident)];
    impact.extend(impact_extras(rng, incident));
    out.push(format!("Impact: {}", impact.join(" ")));
    out.blank();

    if rng.percent(50) {
        out.push("Detection:");
        out.paragraph(&incident.fill(rng.text(DETECTION)), width);
        out.blank();
    }

    out.push("Timeline:");
    let zone = incident.label();
    match incident.zone.note {
        Some(offset) => out.push(format!("All times are in {offset} ({zone}).")),
        None if rng.percent(20) => out.push(format!("All times are in {zone}.")),
        None => {}
    }
    let bullet = rng.below(2) as usize;
    for i in 0..incident.entries.len() {
        let weekday = match plant.weekday {
            Some(WeekdaySpot::FirstEntry) if i == 0 => Some(true),
            _ => None,
        };
        let line = entry_line(rng, incident, plant, i, bullet, weekday);
        out.push_marked(line, is_marked(plant, i) || weekday == Some(true));
    }
    out.blank();

    let combined = rng.percent(50);
    out.push(if combined {
        "Root Cause and Resolution:"
    } else {
        "Root Cause:"
    });
    for paragraph in incident.cause.root {
        out.paragraph(&incident.fill(paragraph), width);
    }
    if rng.percent(60) {
        out.paragraph(&incident.fill(rng.text(CONTRIBUTING)), width);
    }
    if combined {
        out.paragraph(&incident.fill(incident.cause.fix), width);
    } else {
        out.blank();
        out.push("Resolution:");
        out.paragraph(&incident.fill(incident.cause.fix), width);
    }
    if rng.percent(50) {
        out.paragraph(&incident.fill(rng.text(RESOLUTION_EXTRAS)), width);
    }
    out.blank();

    out.push("Corrective and Preventative Measures:");
    for item in actions(rng, incident) {
        out.push(format!("- {item}"));
    }
    if rng.percent(60) {
        out.blank();
        out.push("What went well:");
        for item in rng.sample(WENT_WELL, 2) {
            out.push(format!("- {}", incident.fill(item)));
        }
        out.blank();
        out.push("What went wrong:");
        for item in rng.sample(WENT_WRONG, 2) {
            out.push(format!("- {}", incident.fill(item)));
        }
    }
    out.finish()
}

// ------------------------------------------------------------------------------------ main

struct Args {
    n: u64,
    out: PathBuf,
    seed: u64,
    manifest: Option<PathBuf>,
    force: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut n = None;
    let mut out = None;
    let mut seed = DEFAULT_SEED;
    let mut manifest = None;
    let mut force = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--n" => n = Some(value("--n")?.parse().map_err(|e| format!("--n: {e}"))?),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--seed" => {
                seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--manifest" => manifest = Some(PathBuf::from(value("--manifest")?)),
            "--force" => force = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok(Args {
        n: n.ok_or("--n is required")?,
        out: out.ok_or("--out is required")?,
        seed,
        manifest,
        force,
    })
}

/// Makes `out` an empty folder. An existing folder is emptied only with `--force`, and only
/// when it holds nothing but year folders, as a corpus does.
fn prepare(out: &Path, force: bool) -> Result<(), String> {
    if out.exists() {
        let entries: Vec<_> = fs::read_dir(out)
            .map_err(|e| format!("{}: {e}", out.display()))?
            .collect::<Result<_, _>>()
            .map_err(|e| format!("{}: {e}", out.display()))?;
        if !entries.is_empty() {
            let corpus = entries.iter().all(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                e.path().is_dir() && name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit())
            });
            if !corpus {
                return Err(format!(
                    "{} holds more than year folders; pick an empty or new folder",
                    out.display()
                ));
            }
            if !force {
                return Err(format!(
                    "{} is not empty; remove it or pass --force to replace the corpus there",
                    out.display()
                ));
            }
            fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        }
    }
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))
}

fn run(args: &Args) -> Result<(), String> {
    prepare(&args.out, args.force)?;
    let digits = args.n.to_string().len().max(5);
    let mut manifest = Vec::new();
    let (mut markdown, mut bytes) = (0u64, 0u64);
    let mut per_defect = [0u64; 6];
    for index in 1..=args.n {
        let doc = generate(args.seed, index, digits);
        let path = args.out.join(&doc.path);
        let folder = path.parent().expect("a year folder");
        fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        fs::write(&path, &doc.text).map_err(|e| format!("{}: {e}", path.display()))?;
        bytes += doc.text.len() as u64;
        markdown += u64::from(doc.path.extension().is_some_and(|e| e == "md"));
        if let Some((defect, line)) = doc.defect {
            per_defect[Defect::ALL
                .iter()
                .position(|d| *d == defect)
                .expect("a defect")] += 1;
            let file = doc.path.to_string_lossy().replace('\\', "/");
            manifest.push(format!(
                "{{\"file\": {}, \"defect\": {}, \"line\": {line}}}\n",
                serde_json::to_string(&file).expect("a string"),
                serde_json::to_string(defect.name()).expect("a string"),
            ));
        }
    }
    if let Some(file) = &args.manifest {
        let mut f = fs::File::create(file).map_err(|e| format!("{}: {e}", file.display()))?;
        for line in &manifest {
            f.write_all(line.as_bytes())
                .map_err(|e| format!("{}: {e}", file.display()))?;
        }
    }
    eprintln!(
        "wrote {} documents ({} Markdown, {} plain text, {} KB) to {}; {} with a planted defect",
        args.n,
        markdown,
        args.n - markdown,
        bytes / 1024,
        args.out.display(),
        manifest.len()
    );
    for (defect, count) in Defect::ALL.iter().zip(per_defect) {
        eprintln!("  {:<22} {count}", defect.name());
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("corpus: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("corpus: {message}");
            ExitCode::FAILURE
        }
    }
}
