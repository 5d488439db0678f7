"""Where test data lives: two counties far apart, with a point in each."""

PROVINCE = "610000"  # 陕西省
ZHOUZHI = "610124"  # 周至县, Xi'an
ZHOUZHI_POINT = (34.1651, 108.2175)  # the county seat
YUYANG = "610802"  # 榆阳区, Yulin
YUYANG_POINT = (38.2766, 109.7150)
