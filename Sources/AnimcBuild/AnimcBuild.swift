// AnimcBuild
