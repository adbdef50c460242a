package dev.recount.process;

import dev.recount.Application;
import dev.recount.internal.Internal;
import dev.recount.internal.LeaseTable;
import dev.recount.jooq.Recorders;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A table of leases ({@code <prefix>leases}) in a database: which instance works on what, for how
 * long, with a fencing token. One row per (name, segment); its expiry is kept by the database's
 * clock, so the clocks of the hosts that hold leases do not matter. {@link LeasedFollower} uses it
 * to share a process application's segments among instances; anything else that must be done by one
 * instance at a time can use it the same way:
 *
 * <pre>{@code
 * Leases leases = Leases.over(dataSource, "shop_", Duration.ofSeconds(10));
 * Optional<Lease> lease = leases.claim("order-view", 0, "host-a:4711");
 * // every few seconds: if (!lease.renew()) stop working
 * // in each write transaction: if (!lease.fence(connection)) roll back and stop working
 * }</pre>
 *
 * <p>The table is created when it is missing (docs/DATABASES.md has its DDL and grants).
 */
public final class Leases {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
  private static final Pattern HOLDER = Pattern.compile("[A-Za-z0-9_.:@/-]{1,100}");

  private final LeaseTable table;
  private final long durationMillis;

  private Leases(LeaseTable table, Duration duration) {
    this.table = table;
    this.durationMillis = duration.toMillis();
    if (durationMillis < 100) {
      throw new IllegalArgumentException(
          "a lease's duration " + duration + " is too short: at least 100 ms");
    }
  }

  /**
   * The leases table {@code <tablePrefix>leases} of the database behind {@code dataSource}, whose
   * leases last {@code duration} unless renewed.
   *
   * @throws dev.recount.ConfigurationError if the prefix is malformed or the database unsupported
   * @throws dev.recount.PersistenceError if the table is missing and cannot be created
   */
  public static Leases over(DataSource dataSource, String tablePrefix, Duration duration) {
    return new Leases(
        Recorders.leases(Objects.requireNonNull(dataSource, "dataSource"), tablePrefix), duration);
  }

  /**
   * The leases table beside {@code application}'s tables (its database, its table prefix): what a
   * process application's fence needs, since it runs in the transaction of the application's save.
   */
  public static Leases of(Application application, Duration duration) {
    return new Leases(Internal.applications().store(application).leases(), duration);
  }

  /** How long a lease lasts after its claim or last renewal. */
  public Duration duration() {
    return Duration.ofMillis(durationMillis);
  }

  /**
   * Claims segment {@code segment} of {@code name} for {@code holder} if nobody holds it or its
   * holder let it expire; the claim gets a fencing token larger than every earlier claim's.
   *
   * @param name 1 to 100 letters, digits, {@code _}, {@code .} or {@code -}
   * @param holder who claims, the same for all of one instance's leases: 1 to 100 letters, digits,
   *     {@code _ . : @ / -}
   * @return the lease, or empty if another holder holds it
   * @throws dev.recount.PersistenceError if the database cannot be reached
   */
  public Optional<Lease> claim(String name, int segment, String holder) {
    checkName(name);
    checkHolder(holder);
    if (segment < 0) {
      throw new IllegalArgumentException("segment " + segment + " is negative");
    }
    long token = table.claim(name, segment, holder, durationMillis);
    return token == 0
        ? Optional.empty()
        : Optional.of(new Lease(table, name, segment, holder, token, durationMillis));
  }

  LeaseTable table() {
    return table;
  }

  long durationMillis() {
    return durationMillis;
  }

  static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "lease name '" + name + "' must be 1 to 100 letters, digits, '_', '.' or '-'");
    }
  }

  static void checkHolder(String holder) {
    if (!HOLDER.matcher(holder).matches()) {
      throw new IllegalArgumentException("lease holder '" + holder
          + "' must be 1 to 100 letters, digits, '_', '.', ':', '@', '/' or '-'");
    }
  }
}
