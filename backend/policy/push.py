"""Who may manage Web Push subscriptions: only their owner."""

from backend.policy import rule


@rule("push_subscription.view")
def view_subscription(user, sub) -> bool:
    return sub.user_id == user.id


@rule("push_subscription.delete")
def delete_subscription(user, sub) -> bool:
    return sub.user_id == user.id
