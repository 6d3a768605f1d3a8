"""Scoring that explains itself (预测成交概率, 高潜力客户, 流失风险).

- `records`, `features`, `model`, `training`, `store`, `win`: win probability per open deal — a logistic
  regression trained on the team's own closed deals, stage defaults while history is thin, reasons per deal.
- `intent`: high-intent customers from behaviour events (decayed score, threshold crossings).
- `churn`, `notes`: churn risk of active customers (falling activity, overdue money, negative notes).

Nothing here loads a model or touches the database at import time; scikit-learn is imported only to train.
"""
