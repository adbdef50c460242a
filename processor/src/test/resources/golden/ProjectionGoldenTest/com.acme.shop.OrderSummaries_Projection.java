package com.acme.shop;

import dev.recount.internal.ProjectionMapping;
import dev.recount.internal.RecountGenerated;
import dev.recount.projection.ProjectionContext;
import java.util.Set;
import javax.annotation.processing.Generated;

/**
 * The name and topics of {@link OrderSummaries} and the dispatch of its events
 * to its {@code @Handles} methods.
 *
 * <p>Generated from {@link OrderSummaries}; do not edit.
 */
@Generated(
        value = "dev.recount.processor.RecountProcessor",
        comments = "from com.acme.shop.OrderSummaries"
)
@RecountGenerated
public final class OrderSummaries_Projection implements ProjectionMapping<OrderSummaries> {
    private static final Set<String> TOPICS = Set.of(Order_Placed_Codec.TOPIC,
            "com.acme.shop.Order.Opened", Order_LineAdded_Codec.TOPIC);

    /**
     * For the service loader, which finds this class through {@code META-INF/services}.
     */
    public OrderSummaries_Projection() {
    }

    @Override
    public Class<OrderSummaries> projectionClass() {
        return OrderSummaries.class;
    }

    @Override
    public String name() {
        return "order-summaries";
    }

    @Override
    public Set<String> topics() {
        return TOPICS;
    }

    @Override
    public boolean handle(OrderSummaries projection, Object event, ProjectionContext context) throws
            Exception {
        if (event instanceof Order.Placed placed) {
            projection.placed(placed, context);
            return true;
        } else if (event instanceof Order.LineAdded lineAdded) {
            projection.lineAdded(lineAdded);
            return true;
        }
        return false;
    }
}
