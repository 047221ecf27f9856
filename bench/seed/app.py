"""The original Flask service rebuilt for benchmarking only; never shipped.

Mirrors the seed as its README describes it: a scikit-learn RandomForestClassifier (100 trees)
trained at startup on 5000 synthetic rows, the seed's Prometheus metrics (prometheus_client
Counter/Histogram/Gauge under the seed's names, exported on port 8001 by start_http_server), and
Flask's development server started with app.run. Run with Debian's /usr/bin/python3 and the
packages python3-flask, python3-sklearn and python3-prometheus-client.
"""

import logging
import os
import time
from collections import deque

import numpy as np
from flask import Flask, jsonify, request
from prometheus_client import Counter, Gauge, Histogram, start_http_server
from sklearn.ensemble import RandomForestClassifier

FEATURES = ["age", "income", "loan_amount", "loan_term", "credit_score", "employment_status", "loan_purpose"]

REQUESTS = Counter("model_requests_total", "Total prediction requests")
SUCCESS = Counter("model_success_total", "Successful predictions")
ERRORS = Counter("model_errors_total", "Failed predictions")
LATENCY = Histogram("model_prediction_latency_seconds", "Time spent processing prediction request")
PREDICTION_VALUES = Histogram("model_prediction_values", "Distribution of model predictions")
BY_CLASS = Counter("model_predictions_by_class_total", "Total predictions by class", ["class"])
ACCURACY = Gauge("model_accuracy", "Rolling accuracy over the last 100 feedbacks")
FEATURE_GAUGES = {name: Gauge(f"model_feature_{name}", f"Value of feature {name}") for name in FEATURES}

PREDICTION_WINDOW = 100
history = deque(maxlen=PREDICTION_WINDOW)
counter = {"next": 0}


def synthetic_data(rows=5000, seed=42):
    """The seed's training data: uniform features, approved iff the seed's rule holds."""
    rng = np.random.default_rng(seed)
    data = np.column_stack([
        rng.integers(20, 70, rows),
        rng.integers(20000, 100000, rows),
        rng.integers(5000, 50000, rows),
        rng.choice([12, 24, 36, 48, 60], rows),
        rng.integers(300, 850, rows),
        rng.integers(0, 2, rows),
        rng.integers(0, 4, rows),
    ])
    approved = (data[:, 4] > 600) & (data[:, 1] > 30000) & (data[:, 2] < 40000)
    return data, approved.astype(int)


def train():
    features, labels = synthetic_data()
    model = RandomForestClassifier(n_estimators=100, random_state=42)
    model.fit(features, labels)
    return model


app = Flask(__name__)
model = train()


@app.route("/health", methods=["GET"])
def health():
    return jsonify({"status": "healthy"})


@app.route("/predict", methods=["POST"])
def predict():
    REQUESTS.inc()
    start = time.time()
    try:
        data = request.get_json()
        row = np.array([[float(data[name]) for name in FEATURES]])
        # One forest pass for both answers (predict would walk the trees again): the seed's cost
        # is not overstated.
        probability = float(model.predict_proba(row)[0][1])
        prediction = int(probability >= 0.5)
        for name in FEATURES:
            FEATURE_GAUGES[name].set(float(data[name]))
        PREDICTION_VALUES.observe(probability)
        BY_CLASS.labels(str(prediction)).inc()
        SUCCESS.inc()
        prediction_id = str(counter["next"])
        counter["next"] += 1
        LATENCY.observe(time.time() - start)
        return jsonify({"prediction_id": prediction_id, "approval_status": prediction, "features_received": data})
    except Exception as error:  # the seed answered every failure with 400
        ERRORS.inc()
        return jsonify({"error": str(error)}), 400


@app.route("/feedback", methods=["POST"])
def feedback():
    data = request.get_json()
    history.append(int(data["actual_outcome"]) == int(data.get("predicted_outcome", -1)))
    accuracy = sum(history) / len(history)
    ACCURACY.set(accuracy)
    return jsonify({"success": True, "current_accuracy": accuracy})


if __name__ == "__main__":
    # One log line per request to a terminal would measure the terminal, not the service.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    start_http_server(int(os.environ.get("PROMETHEUS_METRICS_PORT", "8001")))
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")))
