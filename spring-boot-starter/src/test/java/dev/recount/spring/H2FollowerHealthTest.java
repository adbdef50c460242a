package dev.recount.spring;

import dev.recount.spring.shop.ShopApplication;
import org.springframework.boot.test.context.SpringBootTest;

/** The health of a runner's follower, over an in-memory H2 data source. */
@SpringBootTest(
    classes = {ShopApplication.class, FollowerHealthContract.Followers.class},
    properties = {
      "spring.datasource.url=jdbc:h2:mem:followers;DB_CLOSE_DELAY=-1",
      "recount.table-prefix=health_",
      "recount.health.max-follower-lag=3"
    })
class H2FollowerHealthTest extends FollowerHealthContract {}
