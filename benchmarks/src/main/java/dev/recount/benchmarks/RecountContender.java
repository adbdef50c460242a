package dev.recount.benchmarks;

import dev.recount.Application;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import java.util.List;
import java.util.UUID;

/**
 * The library as users use it: an {@link Application} on the database, the generated
 * {@code AccountRepository}, saves of aggregates, and {@code app.log().select} for the log.
 */
final class RecountContender implements Contender<Account> {
  private final String name;
  private final Application app;
  private final AccountRepository accounts;
  private final int pageSize;

  RecountContender(
      String name,
      Target target,
      String tablePrefix,
      Security security,
      int snapshotInterval,
      int poolSize) {
    this(name, target, tablePrefix, security, snapshotInterval, poolSize, 0);
  }

  /** With {@code cacheSize} aggregates kept in the application's cache. */
  RecountContender(
      String name,
      Target target,
      String tablePrefix,
      Security security,
      int snapshotInterval,
      int poolSize,
      int cacheSize) {
    this.name = name;
    this.app = builder(target, tablePrefix, security, snapshotInterval, poolSize)
        .aggregateCacheSize(cacheSize)
        .build();
    this.accounts = AccountRepository.of(app);
    this.pageSize = target.sizes().pageSize();
  }

  /** An application on the target's tables with this prefix: also how the others get the DDL. */
  static Application application(
      Target target, String tablePrefix, Security security, int snapshotInterval, int poolSize) {
    return builder(target, tablePrefix, security, snapshotInterval, poolSize).build();
  }

  private static Application.Builder builder(
      Target target, String tablePrefix, Security security, int snapshotInterval, int poolSize) {
    return Application.builder()
        .dbUri(target.url())
        .dbUser(target.user())
        .dbPassword(target.password())
        .tablePrefix(tablePrefix)
        .hashChain(security.hashChain)
        .cipherKey(security.cipherKey)
        .snapshottingInterval(snapshotInterval)
        .poolSize(poolSize);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Account create(UUID id, int events) {
    Account account = Account.open(id, "owner-" + id.toString().substring(0, 8));
    for (int i = 1; i < events; i++) {
      account.deposit(Contender.amount(account.version()), Contender.reference(account.version()));
    }
    accounts.save(account);
    return account;
  }

  @Override
  public void deposit(Account account, int events) {
    for (int i = 0; i < events; i++) {
      account.deposit(Contender.amount(account.version()), Contender.reference(account.version()));
    }
    accounts.save(account);
  }

  @Override
  public Account load(UUID id) {
    return accounts.get(id);
  }

  @Override
  public UUID id(Account account) {
    return account.id();
  }

  @Override
  public long balance(Account account) {
    return account.balance();
  }

  @Override
  public long version(Account account) {
    return account.version();
  }

  @Override
  public LogReader logReader(boolean fromStart) {
    NotificationLog log = app.log();
    long[] next = {fromStart ? 1 : log.maxId() + 1};
    return timestamps -> {
      List<Notification> page = log.select(next[0], pageSize);
      for (Notification notification : page) {
        timestamps.accept(notification.timestamp().getEpochSecond() * 1_000_000
            + notification.timestamp().getNano() / 1_000);
        next[0] = notification.id() + 1;
      }
      return page.size();
    };
  }

  @Override
  public void close() {
    app.close();
  }
}
