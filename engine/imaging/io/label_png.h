#pragma once
// Label maps as PNG files the way PASCAL VOC stores them: 8-bit palette ("P" mode) PNGs whose
// pixel values are the class indices (255 = ignore) and whose palette is the VOC colour map.
// Read through libpng, not OpenCV: cv::imread expands a palette to colours and loses the
// indices.

#include <opencv2/core/mat.hpp>

#include <string>

namespace instyle {

// CV_8UC1 class indices. Palette PNG: the stored indices (whatever the palette); 8-bit grey
// PNG: the values (SegmentationClassAug style); RGB/RGBA PNG: colours mapped back through the
// VOC palette (an unknown colour is an Error(Format) naming the file, pixel and colour).
cv::Mat readLabelPng(const std::string& path);

// Writes CV_8UC1 indices as an 8-bit palette PNG with the 256-entry VOC palette. Atomic.
void writeLabelPng(const std::string& path, const cv::Mat& labels);

}  // namespace instyle
