package dev.recount.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon Framework 4's JDBC event store ({@link JdbcEventStorageEngine}, the class Axon's own
 * {@code EmbeddedEventStore} stores through) on the same database, with its own tables from its
 * table factory and its Jackson serializer. The cheapest honest way to use Axon's store: no
 * aggregate repository, no annotated handlers; each save is one Axon unit of work whose JDBC
 * connection commits once (the UnitOfWork-aware connection provider, Axon's way without Spring);
 * events are applied to the same hand-written state as the raw contender; snapshots are stored
 * inline when a save crosses the interval. Axon neither hashes nor encrypts.
 */
final class AxonContender implements Contender<AccountState> {
  private static final String TYPE = "Account";

  /** Axon snapshots are events whose payload is the aggregate's state. */
  record AccountSnapshot(String owner, long balance, int deposits) {}

  private final String name;
  private final HikariDataSource pool;
  private final JdbcEventStorageEngine engine;
  private final int snapshotInterval;
  private final int pageSize;

  AxonContender(String name, Target target, String prefix, int snapshotInterval, int poolSize) {
    this.name = name;
    this.snapshotInterval = snapshotInterval;
    this.pageSize = target.sizes().pageSize();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(target.url());
    config.setUsername(target.user());
    config.setPassword(target.password());
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(1);
    // The unit of work commits the connection it holds; Axon expects auto-commit off.
    config.setAutoCommit(false);
    this.pool = new HikariDataSource(config);
    JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    this.engine = JdbcEventStorageEngine.builder()
        .connectionProvider(
            new UnitOfWorkAwareConnectionProviderWrapper(new DataSourceConnectionProvider(pool)))
        .transactionManager(NoTransactionManager.INSTANCE)
        .eventSerializer(serializer)
        .snapshotSerializer(serializer)
        .schema(EventSchema.builder()
            .eventTable(prefix + "events")
            .snapshotTable(prefix + "snapshots")
            .build())
        // Axon reads aggregates and the log in batches: as big as the others' pages.
        .batchSize(pageSize)
        .build();
    DefaultUnitOfWork.startAndGet(null).execute(() -> engine.createSchema(target.axonTables()));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public AccountState create(UUID id, int events) {
    AccountState account = new AccountState(id);
    List<Object> pending = new ArrayList<>(events);
    pending.add(new Account.Opened("owner-" + id.toString().substring(0, 8)));
    for (int i = 1; i < events; i++) {
      pending.add(new Account.Deposited(Contender.amount(i), Contender.reference(i)));
    }
    save(account, pending);
    return account;
  }

  @Override
  public void deposit(AccountState account, int events) {
    List<Object> pending = new ArrayList<>(events);
    for (int i = 0; i < events; i++) {
      long version = account.version + i;
      pending.add(new Account.Deposited(Contender.amount(version), Contender.reference(version)));
    }
    save(account, pending);
  }

  private void save(AccountState account, List<Object> pending) {
    String id = account.id.toString();
    long before = account.version;
    List<DomainEventMessage<?>> messages = new ArrayList<>(pending.size());
    long sequence = account.version;
    for (Object event : pending) {
      // Axon numbers an aggregate's events from 0.
      messages.add(new GenericDomainEventMessage<>(TYPE, id, sequence++, event));
    }
    DefaultUnitOfWork.startAndGet(null).execute(() -> {
      engine.appendEvents(messages);
      AccountState after = copy(account);
      for (Object event : pending) {
        after.apply(event);
      }
      if (snapshotInterval > 0 && before / snapshotInterval < after.version / snapshotInterval) {
        engine.storeSnapshot(new GenericDomainEventMessage<>(
            TYPE,
            id,
            after.version - 1,
            new AccountSnapshot(after.owner, after.balance, after.deposits)));
      }
    });
    for (Object event : pending) {
      account.apply(event);
    }
  }

  private static AccountState copy(AccountState account) {
    AccountState copy = new AccountState(account.id);
    copy.version = account.version;
    copy.owner = account.owner;
    copy.balance = account.balance;
    copy.deposits = account.deposits;
    return copy;
  }

  @Override
  public AccountState load(UUID uuid) {
    String id = uuid.toString();
    AccountState account = new AccountState(uuid);
    long first = 0;
    if (snapshotInterval > 0) {
      Optional<DomainEventMessage<?>> snapshot = engine.readSnapshot(id);
      if (snapshot.isPresent()) {
        AccountSnapshot state = (AccountSnapshot) snapshot.get().getPayload();
        account.owner = state.owner();
        account.balance = state.balance();
        account.deposits = state.deposits();
        account.version = snapshot.get().getSequenceNumber() + 1;
        first = account.version;
      }
    }
    DomainEventStream events = engine.readEvents(id, first);
    while (events.hasNext()) {
      account.apply(events.next().getPayload());
    }
    return account;
  }

  @Override
  public UUID id(AccountState account) {
    return account.id;
  }

  @Override
  public long balance(AccountState account) {
    return account.balance;
  }

  @Override
  public long version(AccountState account) {
    return account.version;
  }

  @Override
  public LogReader logReader(boolean fromStart) {
    TrackingToken[] token = {fromStart ? null : engine.createHeadToken()};
    return (LongConsumer timestamps) -> {
      int count = 0;
      try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(token[0], false)) {
        Iterator<? extends TrackedEventMessage<?>> page = stream.iterator();
        while (count < pageSize && page.hasNext()) {
          TrackedEventMessage<?> event = page.next();
          event.getPayload();
          timestamps.accept(RawJdbcContender.micros(event.getTimestamp()));
          token[0] = event.trackingToken();
          count++;
        }
      }
      return count;
    };
  }

  @Override
  public void close() {
    pool.close();
  }
}
