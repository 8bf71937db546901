import torch


def classifier():
    # ruleid: torch-hub-unpinned
    return torch.hub.load("acme/vision-models", "resnet50", pretrained=True)


def detector():
    from torch import hub

    # ruleid: torch-hub-unpinned
    return hub.load("acme/detectors", "yolo_small")


def pinned_classifier():
    # ok: torch-hub-unpinned
    return torch.hub.load("acme/vision-models:9a1b2c3d4e5f60718293a4b5c6d7e8f901234567", "resnet50")


def local_classifier():
    # ok: torch-hub-unpinned
    return torch.hub.load("./vendor/vision-models", "resnet50", source="local")
