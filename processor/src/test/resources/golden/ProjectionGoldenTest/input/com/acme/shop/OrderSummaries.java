package com.acme.shop;

import dev.recount.annotations.Handles;
import dev.recount.annotations.Projection;
import dev.recount.projection.Generation;
import dev.recount.projection.ProjectionContext;
import dev.recount.projection.ReadModel;
import java.sql.Connection;
import java.sql.SQLException;

@Projection("order-summaries")
public class OrderSummaries implements ReadModel {
  int placed;
  int lines;

  @Override
  public void createTables(Connection connection, Generation generation) {}

  @Override
  public void dropTables(Connection connection, Generation generation) {}

  @Handles
  void placed(Order.Placed event, ProjectionContext context) throws SQLException {
    placed++;
  }

  @Handles
  void lineAdded(Order.LineAdded event) {
    lines++;
  }
}
