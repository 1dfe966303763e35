package io.finport.finapi;
