"""A tiny training run with no dependencies: logistic regression on a synthetic data set."""

import math
import os
import random

EPOCHS = int(os.environ.get("EPOCHS", "5"))
LEARNING_RATE = float(os.environ.get("LEARNING_RATE", "0.5"))

random.seed(0)
points = [(random.uniform(-1, 1), random.uniform(-1, 1)) for _ in range(400)]
data = [((x, y), 1.0 if x + y > 0 else 0.0) for x, y in points]
w = [0.0, 0.0]
b = 0.0

for epoch in range(1, EPOCHS + 1):
    loss = 0.0
    for (x, y), label in data:
        p = 1 / (1 + math.exp(-(w[0] * x + w[1] * y + b)))
        loss -= label * math.log(p + 1e-9) + (1 - label) * math.log(1 - p + 1e-9)
        g = p - label
        w[0] -= LEARNING_RATE * g * x / len(data)
        w[1] -= LEARNING_RATE * g * y / len(data)
        b -= LEARNING_RATE * g / len(data)
    print(f"epoch {epoch} loss {loss / len(data):.4f}", flush=True)

accuracy = sum((w[0] * x + w[1] * y + b > 0) == (label == 1.0) for (x, y), label in data) / len(data)
print(f"accuracy {accuracy:.3f}")
