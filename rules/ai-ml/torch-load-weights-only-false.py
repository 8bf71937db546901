import torch

TRUST_CHECKPOINTS = False


def load_model(path):
    # ruleid: torch-load-weights-only-false
    return torch.load(path, weights_only=False)


def load_shared(path):
    # ruleid: torch-load-weights-only-false
    return torch.load(path, map_location="cpu", weights_only=TRUST_CHECKPOINTS)


def load_state(path):
    # ok: torch-load-weights-only-false
    return torch.load(path, weights_only=True)


def load_default(model, path):
    # ok: torch-load-weights-only-false
    model.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
